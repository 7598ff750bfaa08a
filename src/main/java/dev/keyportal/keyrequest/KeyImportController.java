package dev.keyportal.keyrequest;

import java.util.UUID;

import dev.keyportal.keys.IssuedKeyView;
import dev.keyportal.security.PortalUser;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Admins adopt keys that exist in LiteLLM but not in the portal, and see what is not settled with LiteLLM. */
@Controller
class KeyImportController {

    private final KeyImports imports;
    private final KeyRequests requests;

    KeyImportController(KeyImports imports, KeyRequests requests) {
        this.imports = imports;
        this.requests = requests;
    }

    @GetMapping("/admin/unsettled")
    String unsettled(PortalUser admin, Model model) {
        model.addAttribute("unsettled", requests.unsettled(admin));
        return "keyrequest/unsettled";
    }

    @GetMapping("/admin/import")
    String importable(PortalUser admin, Model model) {
        model.addAttribute("importable", imports.importable(admin));
        return "keyrequest/import";
    }

    @PostMapping("/admin/import")
    String adopt(PortalUser admin, @RequestParam(name = "owner_id", required = false) String ownerId,
            @RequestParam(name = "token_hash", required = false) String tokenHash, RedirectAttributes redirect) {
        if (ownerId == null || tokenHash == null || !tokenHash.matches("[0-9a-f]{64}")
                || !ownerId.matches("[0-9a-f-]{36}")) {
            redirect.addFlashAttribute("flash", "Choose a key to adopt. Nothing was adopted.");
            return "redirect:/admin/import";
        }
        IssuedKeyView adopted = imports.adopt(admin, UUID.fromString(ownerId), tokenHash);
        redirect.addFlashAttribute("flash", "Adopted " + adopted.keyName() + " (" + adopted.keyAlias()
                + "). Its owner now sees it under My keys.");
        return "redirect:/admin/import";
    }
}
