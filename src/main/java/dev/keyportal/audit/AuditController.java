package dev.keyportal.audit;

import java.time.LocalDate;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** {@code /admin/audit}: the trail for admins (the route is theirs alone), its filters and its exports. */
@Controller
class AuditController {

    private final AuditBrowser browser;
    private final AuditExport export;
    private final AuditVerification verification;

    AuditController(AuditBrowser browser, AuditExport export, AuditVerification verification) {
        this.browser = browser;
        this.export = export;
        this.verification = verification;
    }

    /** Verifies now: the events added since the last verification, or ({@code scope=all}) the whole chain. */
    @PostMapping("/admin/audit/verify")
    String verify(@RequestParam(required = false) String scope, RedirectAttributes redirect) {
        AuditVerification.Status status = verification.verify("all".equals(scope));
        redirect.addFlashAttribute("flash", status.broken()
                ? "The audit trail is broken at event " + status.brokenAt() + "."
                : "The audit trail is intact through event " + status.verifiedThrough() + ".");
        return "redirect:/admin/audit";
    }

    @GetMapping("/admin/audit")
    String page(@RequestParam(required = false) String person, @RequestParam(required = false) String key,
            @RequestParam(required = false) String request, @RequestParam(required = false) String action,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String before,
            @RequestParam(required = false) String after, Model model, HttpServletResponse response) {
        AuditFilter.Parsed parsed = AuditFilter.parse(person, key, request, action, outcome, from, to);
        java.util.Map<String, String> errors = new java.util.LinkedHashMap<>(parsed.errors());
        Long beforeId = position(before, "before", errors);
        Long afterId = position(after, "after", errors);
        model.addAttribute("filter", parsed.filter());
        model.addAttribute("raw", java.util.Map.of("person", nonNull(person), "key", nonNull(key), "request",
                nonNull(request), "action", nonNull(action), "outcome", nonNull(outcome), "from", nonNull(from), "to",
                nonNull(to)));
        model.addAttribute("errors", errors);
        model.addAttribute("actions", browser.actions());
        model.addAttribute("outcomes", AuditFilter.OUTCOMES);
        model.addAttribute("hashedFields", AuditExport.HASHED_FIELDS);
        model.addAttribute("today", LocalDate.now(java.time.ZoneOffset.UTC));
        model.addAttribute("verification", verification.status());
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("page", new AuditBrowser.Page(java.util.List.of(), null, null));
            return "audit/list";
        }
        if (parsed.filter().person() != null) {
            model.addAttribute("personName", browser.nameOf(parsed.filter().person()).orElse(null));
        }
        AuditBrowser.Page page = browser.page(parsed.filter(), beforeId, afterId);
        model.addAttribute("page", page);
        java.util.Map<String, String> query = parsed.filter().parameters();
        model.addAttribute("olderUrl", page.older() == null ? null : url("/admin/audit", query, "before", page.older()));
        model.addAttribute("newerUrl", page.newer() == null ? null : url("/admin/audit", query, "after", page.newer()));
        model.addAttribute("newestUrl", url("/admin/audit", query, null, null));
        model.addAttribute("csvUrl", url("/admin/audit/export.csv", query, null, null));
        model.addAttribute("jsonlUrl", url("/admin/audit/export.jsonl", query, null, null));
        return "audit/list";
    }

    /** The filtered events, oldest first, streamed as they are read. */
    @GetMapping("/admin/audit/export.{format}")
    ResponseEntity<StreamingResponseBody> export(@PathVariable String format,
            @RequestParam(required = false) String person, @RequestParam(required = false) String key,
            @RequestParam(required = false) String request, @RequestParam(required = false) String action,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        AuditExport.Format chosen = switch (format) {
            case "csv" -> AuditExport.Format.CSV;
            case "jsonl" -> AuditExport.Format.JSONL;
            default -> null;
        };
        AuditFilter.Parsed parsed = AuditFilter.parse(person, key, request, action, outcome, from, to);
        if (chosen == null || !parsed.valid()) {
            String message = chosen == null ? "Export as csv or jsonl."
                    : String.join(" ", parsed.errors().values());
            return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN)
                    .body(out -> out.write((message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        String name = "audit-" + LocalDate.now(java.time.ZoneOffset.UTC) + "." + chosen.extension;
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(chosen.mediaType + ";charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(out -> export.write(parsed.filter(), chosen, out));
    }

    /** A link that keeps the filter (relative to the context path: the template adds it). */
    private static String url(String path, java.util.Map<String, String> query, String name, Object value) {
        org.springframework.web.util.UriComponentsBuilder builder =
                org.springframework.web.util.UriComponentsBuilder.fromPath(path);
        query.forEach(builder::queryParam);
        if (name != null) {
            builder.queryParam(name, value);
        }
        return builder.encode().build().toUriString();
    }

    private static Long position(String raw, String field, java.util.Map<String, String> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            errors.put(field, "That page link is broken; start again from the newest events.");
            return null;
        }
    }

    private static String nonNull(String raw) {
        return raw == null ? "" : raw;
    }
}
