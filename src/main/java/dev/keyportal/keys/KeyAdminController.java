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

/** All live keys for admins, with block and unblock (a reason is required). */
@Controller
class KeyAdminController {

    private final IssuedKeys issuedKeys;
    private final KeyBlocking blocking;

    KeyAdminController(IssuedKeys issuedKeys, KeyBlocking blocking) {
        this.issuedKeys = issuedKeys;
        this.blocking = blocking;
    }

    @GetMapping("/admin/keys")
    String all(@RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("keys", issuedKeys.allLive(page));
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
