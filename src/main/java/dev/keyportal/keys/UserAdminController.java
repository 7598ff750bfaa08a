package dev.keyportal.keys;

import java.util.UUID;

import dev.keyportal.audit.FreeText;
import dev.keyportal.audit.Reason;
import dev.keyportal.security.PortalUser;
import dev.keyportal.security.PortalUsers;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** People who have signed in, with their live keys, and offboarding. */
@Controller
class UserAdminController {

    private final PortalUsers users;
    private final IssuedKeys issuedKeys;
    private final Offboarding offboarding;

    UserAdminController(PortalUsers users, IssuedKeys issuedKeys, Offboarding offboarding) {
        this.users = users;
        this.issuedKeys = issuedKeys;
        this.offboarding = offboarding;
    }

    /** A person, how many live keys they hold and whether they are disabled. */
    record PersonRow(PortalUser person, int liveKeys, boolean disabled) {
    }

    @GetMapping("/admin/users")
    String all(Model model) {
        java.util.Set<UUID> disabled = users.disabledIds();
        model.addAttribute("people", users.everyone().stream()
                .map(person -> new PersonRow(person, issuedKeys.holdingsOf(person.id()).liveKeys(),
                        disabled.contains(person.id())))
                .toList());
        return "keys/users";
    }

    @PostMapping("/admin/users/{id}/enable")
    String enable(PortalUser admin, @PathVariable UUID id, @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        java.util.Optional<String> given = Reason.of(reason, 500, false);
        if (given.isEmpty()) {
            redirect.addFlashAttribute("flash", "Give a reason (at most 500 characters). Nothing changed.");
            return "redirect:/admin/users";
        }
        users.enable(admin, id, given.get());
        redirect.addFlashAttribute("flash", "Enabled again: they can sign in. Their keys stay as they are.");
        return "redirect:/admin/users";
    }

    @PostMapping("/admin/users/{id}/offboard")
    String offboard(PortalUser admin, @PathVariable UUID id, @RequestParam(required = false) String action,
            @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        java.util.Optional<String> given = Reason.of(reason, 500, false);
        if (!("block".equals(action) || "revoke".equals(action)) || given.isEmpty()) {
            redirect.addFlashAttribute("flash", FreeText.Check.problem(reason, false).orElse("Choose block or revoke and"
                    + " give a reason (at most 500 characters).") + " Nothing changed.");
            return "redirect:/admin/users";
        }
        Offboarding.Result result = offboarding.offboard(admin, id, "revoke".equals(action), given.get());
        redirect.addFlashAttribute("flash", result.person() + ": disabled and signed out, " + result.changed()
                + " key(s) "
                + ("revoke".equals(action) ? "revoked" : "blocked") + (result.failed() > 0 ? ", " + result.failed()
                        + " could not be changed in LiteLLM — run it again" : "") + ".");
        return "redirect:/admin/users";
    }
}
