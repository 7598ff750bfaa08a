package dev.keyportal.keys;

import java.util.UUID;

import dev.keyportal.security.PortalUser;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** "My keys" and a key's page. */
@Controller
class KeyController {

    private final KeyListing listing;
    private final IssuedKeys issuedKeys;

    KeyController(KeyListing listing, IssuedKeys issuedKeys) {
        this.listing = listing;
        this.issuedKeys = issuedKeys;
    }

    @GetMapping("/keys")
    String mine(PortalUser user, Model model) {
        model.addAttribute("listing", listing.of(user));
        return "keys/list";
    }

    @GetMapping("/keys/{id}")
    String one(PortalUser user, @PathVariable UUID id, Model model) {
        model.addAttribute("key", issuedKeys.get(user, id));
        model.addAttribute("budgetSubmissionId", UUID.randomUUID().toString());
        return "keys/detail";
    }
}
