package dev.keyportal.keys;

import java.util.UUID;

import dev.keyportal.audit.AuditRecord;
import dev.keyportal.audit.AuditTrail;
import dev.keyportal.security.PortalUser;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** "My keys" and a key's page. */
@Controller
class KeyController {

    private final KeyListing listing;
    private final IssuedKeys issuedKeys;
    private final KeyRevocation revocation;
    private final AuditTrail audit;

    KeyController(KeyListing listing, IssuedKeys issuedKeys, KeyRevocation revocation, AuditTrail audit) {
        this.listing = listing;
        this.issuedKeys = issuedKeys;
        this.revocation = revocation;
        this.audit = audit;
    }

    /** Revoke after an explicit confirmation: LiteLLM deletes the key and it stops working at once. */
    @PostMapping("/keys/{id}/revoke")
    String revoke(PortalUser user, @PathVariable UUID id,
            @RequestParam(name = "confirm", required = false) String confirm, RedirectAttributes redirect) {
        IssuedKeyView key = issuedKeys.get(user, id);
        if (!"yes".equals(confirm)) {
            redirect.addFlashAttribute("flash", "Tick the box to confirm that " + key.keyName()
                    + " should stop working. Nothing was revoked.");
            return "redirect:/keys/" + id;
        }
        IssuedKeyView revoked = revocation.revoke(user, id);
        redirect.addFlashAttribute("flash", "Key " + revoked.keyAlias() + " (" + revoked.keyName()
                + ") is revoked and no longer works.");
        return "redirect:/keys";
    }

    @GetMapping("/keys")
    String mine(PortalUser user, Model model) {
        model.addAttribute("listing", listing.of(user));
        return "keys/list";
    }

    /**
     * "Refresh now": copies the person's keys' spend and budget from LiteLLM at once instead of waiting for the next
     * sync; asks LiteLLM at most once per refresh interval however often it is clicked.
     */
    @PostMapping("/keys/refresh")
    String refresh(PortalUser user, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", switch (listing.refresh(user)) {
            case REFRESHED -> "Spend and budgets are up to date with LiteLLM.";
            case TOO_SOON -> "Spend and budgets were copied from LiteLLM moments ago; they are shown as they are.";
            case LITELLM_DID_NOT_ANSWER -> "LiteLLM did not answer, so spend and budgets are shown as last copied."
                    + " Try again in a few minutes.";
        });
        return "redirect:/keys";
    }

    @GetMapping("/keys/{id}")
    String one(PortalUser user, @PathVariable UUID id, Model model) {
        IssuedKeyView key = issuedKeys.get(user, id);
        model.addAttribute("key", key);
        // the key's own events and those of the request that created it, oldest first
        java.util.List<AuditRecord> history = new java.util.ArrayList<>(audit.forRequest(key.requestId()));
        audit.forSubject("KEY", id.toString()).stream().filter(e -> !history.contains(e))
                // someone else's attempt to see the key is for admins, not part of the key's history
                .filter(e -> !e.action().startsWith("access.")).forEach(history::add);
        history.sort(java.util.Comparator.comparingLong(AuditRecord::id));
        model.addAttribute("history", history);
        model.addAttribute("budgetSubmissionId", UUID.randomUUID().toString());
        model.addAttribute("rotateSubmissionId", UUID.randomUUID().toString());
        return "keys/detail";
    }
}
