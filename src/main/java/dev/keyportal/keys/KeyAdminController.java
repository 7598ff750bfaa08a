package dev.keyportal.keys;

import java.util.Locale;
import java.util.UUID;

import dev.keyportal.audit.FreeText;
import dev.keyportal.audit.Reason;
import dev.keyportal.security.PortalUser;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * All keys for admins — searched by person, alias, team, status and model, in a chosen order, a page at a time,
 * with owner, spend (as last copied from LiteLLM) and budget — with block and unblock (a reason is required).
 */
@Controller
class KeyAdminController {

    private final KeySearch search;
    private final KeyBudgetStates budgets;
    private final KeyBlocking blocking;

    KeyAdminController(KeySearch search, KeyBudgetStates budgets, KeyBlocking blocking) {
        this.search = search;
        this.budgets = budgets;
        this.blocking = blocking;
    }

    @GetMapping("/admin/keys")
    String all(@RequestParam(required = false) String q, @RequestParam(required = false) String team,
            @RequestParam(required = false) String status, @RequestParam(required = false) String model,
            @RequestParam(required = false) String sort, @RequestParam(defaultValue = "1") int page, Model view) {
        KeyStatus wanted = java.util.Arrays.stream(KeyStatus.values()).filter(s -> s.name().equals(status))
                .findFirst().orElse(null);
        KeySearch.Criteria criteria = new KeySearch.Criteria(q, team, wanted, model, KeySearch.Order.of(sort), page);
        KeySearch.Result result = search.search(criteria);
        view.addAttribute("criteria", criteria);
        view.addAttribute("result", result);
        view.addAttribute("states", budgets.of(result.rows().stream().map(KeySearch.Row::tokenHash)
                .filter(java.util.Objects::nonNull).toList()));
        view.addAttribute("teams", search.teams());
        view.addAttribute("statuses", KeyStatus.values());
        view.addAttribute("orders", KeySearch.Order.values());
        return "keys/admin";
    }

    @PostMapping("/admin/keys/{id}/block")
    String block(PortalUser admin, @PathVariable UUID id, @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        return change(admin, id, true, reason, redirect);
    }

    @PostMapping("/admin/keys/{id}/unblock")
    String unblock(PortalUser admin, @PathVariable UUID id, @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        return change(admin, id, false, reason, redirect);
    }

    private String change(PortalUser admin, UUID id, boolean block, String reason, RedirectAttributes redirect) {
        java.util.Optional<String> given = Reason.of(reason, 500, false);
        if (given.isEmpty()) {
            redirect.addFlashAttribute("flash", FreeText.Check.problem(reason, false).orElse("Give a reason (at most 500"
                    + " characters) to " + (block ? "block" : "unblock") + " a key.") + " Nothing changed.");
            return "redirect:/admin/keys";
        }
        KeyBlocking.Outcome outcome = blocking.setBlocked(admin, id, block, given.get());
        IssuedKeyView key = outcome.key();
        redirect.addFlashAttribute("flash", outcome.goneFromLiteLlm()
                ? key.keyAlias() + " (" + key.keyName() + ") does not exist in LiteLLM any more, so it cannot be "
                        + (block ? "blocked" : "unblocked") + ". The portal now shows it as deleted there."
                : outcome.changed()
                ? key.keyAlias() + " (" + key.keyName() + ") is " + (block ? "blocked" : "unblocked") + "."
                : key.keyAlias() + " (" + key.keyName() + ") is " + key.status().name().toLowerCase(Locale.ROOT)
                        + ": only a live key can be " + (block ? "blocked" : "unblocked") + ". Nothing changed.");
        return "redirect:/admin/keys";
    }
}
