package dev.keyportal.keys;

import java.util.UUID;

import dev.keyportal.audit.AuditTrail;
import dev.keyportal.audit.FreeText;
import dev.keyportal.audit.Reason;
import dev.keyportal.security.PersonIdentity;
import dev.keyportal.security.PortalUser;
import dev.keyportal.security.PortalUsers;
import dev.keyportal.security.Rebinding;
import dev.keyportal.security.RefusedSignIn;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * People who have signed in, with their live keys, and offboarding; the sign-ins the portal refused (who is
 * waiting), and re-binding a person's record to the new identity their identity provider gave them.
 */
@Controller
class UserAdminController {

    private final PortalUsers users;
    private final PeopleSearch people;
    private final KeyBudgetStates budgets;
    private final Offboarding offboarding;
    private final AuditTrail audit;

    UserAdminController(PortalUsers users, PeopleSearch people, KeyBudgetStates budgets, Offboarding offboarding,
            AuditTrail audit) {
        this.users = users;
        this.people = people;
        this.budgets = budgets;
        this.offboarding = offboarding;
        this.audit = audit;
    }

    /**
     * A person, how many live keys they hold, those keys' total budget and what they spent (as last copied from
     * LiteLLM; null while a key's spend was not copied yet), and whether they are disabled.
     */
    record PersonRow(PortalUser person, int liveKeys, java.math.BigDecimal totalBudget, java.math.BigDecimal spend,
            boolean disabled) {
    }

    /** How many refused sign-ins the people page lists, newest first. */
    static final int WAITING_SHOWN = 200;

    @GetMapping("/admin/users")
    String all(@RequestParam(required = false) String q, @RequestParam(required = false) String team,
            @RequestParam(required = false) String sort, @RequestParam(defaultValue = "1") int page, Model model) {
        model.addAttribute("waiting", users.waitingSignIns(WAITING_SHOWN));
        model.addAttribute("emailClashes", audit.latest("user.litellm_email_clash", WAITING_SHOWN));
        PeopleSearch.Criteria criteria = new PeopleSearch.Criteria(q, team, PeopleSearch.Order.of(sort), page);
        PeopleSearch.Result result = people.search(criteria);
        java.util.List<UUID> ids = result.hits().stream().map(PeopleSearch.Hit::id).toList();
        java.util.Map<UUID, PortalUser> found = users.byIds(ids).stream()
                .collect(java.util.stream.Collectors.toMap(PortalUser::id, p -> p));
        java.util.Map<UUID, java.util.List<String>> hashes = people.liveKeyHashes(ids);
        java.util.Map<String, KeyBudgetState> states = budgets.of(hashes.values().stream()
                .flatMap(java.util.List::stream).toList());
        java.util.Set<UUID> disabled = users.disabledIds();
        model.addAttribute("people", result.hits().stream().filter(hit -> found.containsKey(hit.id()))
                .map(hit -> new PersonRow(found.get(hit.id()), hit.liveKeys(), hit.totalBudget(),
                        spend(hashes.getOrDefault(hit.id(), java.util.List.of()), states),
                        disabled.contains(hit.id())))
                .toList());
        model.addAttribute("criteria", criteria);
        model.addAttribute("result", result);
        model.addAttribute("teams", people.teams());
        model.addAttribute("orders", PeopleSearch.Order.values());
        return "keys/users";
    }

    private static java.math.BigDecimal spend(java.util.List<String> hashes,
            java.util.Map<String, KeyBudgetState> states) {
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        for (String hash : hashes) {
            KeyBudgetState state = states.get(hash);
            if (state == null) {
                return null;
            }
            total = total.add(state.spend());
        }
        return total;
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

    /** The confirmation page: the person's record and identity beside the refused identity it would take. */
    @GetMapping("/admin/users/{id}/rebind")
    String rebindPage(@PathVariable UUID id, @RequestParam(required = false) UUID refusal, Model model,
            RedirectAttributes redirect) {
        PersonIdentity person = users.identityOf(id);
        java.util.Optional<RefusedSignIn> incoming = refusal == null ? java.util.Optional.empty()
                : users.waitingSignIn(refusal);
        if (incoming.isEmpty()) {
            redirect.addFlashAttribute("flash", "That sign-in is no longer waiting: it may have been re-bound"
                    + " already. Nothing changed.");
            return "redirect:/admin/users";
        }
        return rebindForm(model, person, incoming.get().issuer(), incoming.get().subject(), "", null);
    }

    @PostMapping("/admin/users/{id}/rebind")
    String rebind(PortalUser admin, @PathVariable UUID id, @RequestParam(required = false) String issuer,
            @RequestParam(required = false) String subject, @RequestParam(required = false) String reason,
            Model model, RedirectAttributes redirect) {
        PersonIdentity person = users.identityOf(id);
        if (!identityPart(issuer, 512) || !identityPart(subject, 255)) {
            redirect.addFlashAttribute("flash", "That is not an identity the portal can bind. Nothing changed.");
            return "redirect:/admin/users";
        }
        java.util.Optional<String> given = Reason.of(reason, 500, true);
        if (given.isEmpty()) {
            return rebindForm(model, person, issuer, subject, reason, FreeText.Check.problem(reason, true)
                    .orElse("Give a reason (at most 500 characters): it is kept in the audit trail."));
        }
        Rebinding outcome = users.rebind(admin, id, issuer, subject, given.get());
        if (outcome instanceof Rebinding.IdentityTaken taken) {
            return rebindForm(model, person, issuer, subject, reason, "That identity already has a record of its"
                    + " own (" + taken.holder() + "). The portal never merges records, so nothing changed.");
        }
        redirect.addFlashAttribute("flash", outcome instanceof Rebinding.Rebound rebound
                ? rebound.person() + " now signs in with the new identity and keeps their keys and roles;"
                        + " sessions of the old identity ended."
                : ((Rebinding.AlreadyBound) outcome).person() + " already signs in with that identity."
                        + " Nothing changed.");
        return "redirect:/admin/users";
    }

    private String rebindForm(Model model, PersonIdentity person, String issuer, String subject, String reason,
            String error) {
        model.addAttribute("person", person);
        model.addAttribute("incoming", users.waitingSignIn(issuer, subject).orElse(null));
        model.addAttribute("issuer", issuer);
        model.addAttribute("subject", subject);
        model.addAttribute("reason", reason == null ? "" : reason);
        model.addAttribute("error", error);
        return "keys/rebind";
    }

    private static boolean identityPart(String value, int max) {
        return value != null && !value.isBlank() && value.length() <= max
                && FreeText.Check.problem(value, false).isEmpty();
    }
}
