package dev.keyportal.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import dev.keyportal.litellm.ModelCatalog;
import dev.keyportal.litellm.ModelOffer;
import dev.keyportal.security.PortalUser;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The admins' policy editor: the list with "add a team override", the edit form, its preview and its save. */
@Controller
class PolicyAdminController {

    private static final int UNPROCESSABLE = 422;
    private static final List<String> MODEL_LISTS = List.of("default_models", "approval_models", "forbidden_models");

    private final Policies policies;
    private final MessageSource messages;

    PolicyAdminController(Policies policies, MessageSource messages) {
        this.policies = policies;
        this.messages = messages;
    }

    @GetMapping("/admin/policies")
    String list(PortalUser admin, Model model) {
        return showList(admin, model, "", Map.of());
    }

    @PostMapping("/admin/policies/teams")
    String addTeam(PortalUser admin, @Valid @ModelAttribute("teamForm") TeamOverrideForm form, BindingResult binding,
            HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        Map<String, String> errors = errorsOf(binding);
        if (errors.isEmpty()) {
            try {
                Policy created = policies.createTeamOverride(admin, form.team());
                redirect.addFlashAttribute("flash", "The team '" + created.team() + "' now has its own policy, a copy"
                        + " of the global one (version 1). Change what should differ for this team.");
                return "redirect:/admin/policies/" + created.id();
            } catch (InvalidPolicyException invalid) {
                errors = invalid.fieldErrors();
            }
        }
        response.setStatus(UNPROCESSABLE);
        return showList(admin, model, nullToEmpty(request.getParameter("team")), errors);
    }

    @GetMapping("/admin/policies/{id}")
    String edit(PortalUser admin, @PathVariable UUID id, Model model) {
        PolicyEdit edit = policies.forEdit(admin, id);
        return showEdit(model, edit, valuesOf(edit.values()), selectedOf(edit.values()), edit.version(), Map.of());
    }

    @PostMapping("/admin/policies/{id}")
    String save(PortalUser admin, @PathVariable UUID id, @Valid @ModelAttribute("policyForm") PolicyForm form,
            BindingResult binding, HttpServletRequest request, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        Map<String, String> errors = errorsOf(binding);
        if (errors.isEmpty()) {
            try {
                int before = policies.policyVersion(id);
                Policy saved = policies.update(admin, id, form.version(), form.values());
                redirect.addFlashAttribute("flash", saved.version() == before ? "Nothing changed, so nothing was saved."
                        : "Saved as version " + saved.version() + ". Requests from now on are judged by it; keys"
                                + " already issued keep their limits.");
                return "redirect:/admin/policies/" + id;
            } catch (InvalidPolicyException invalid) {
                errors = invalid.fieldErrors();
            } catch (PolicyConflictException conflict) {
                PolicyEdit current = conflict.current();
                model.addAttribute("conflict", current.lastChange());
                model.addAttribute("theirs", current.values());
                model.addAttribute("differences", differences(current.values(), form.values()));
                response.setStatus(HttpStatus.CONFLICT.value());
                // the admin's input is shown again on top of the new version: saving it again is a conscious choice
                return showEdit(model, current, submittedValues(request), submittedModels(request), current.version(),
                        Map.of());
            }
        }
        response.setStatus(UNPROCESSABLE);
        PolicyEdit edit = policies.forEdit(admin, id);
        return showEdit(model, edit, submittedValues(request), submittedModels(request),
                submittedVersion(request, edit), errors);
    }

    @PostMapping("/admin/policies/{id}/preview")
    String preview(PortalUser admin, @PathVariable UUID id, @Valid @ModelAttribute("policyForm") PolicyForm form,
            BindingResult binding, HttpServletRequest request, HttpServletResponse response, Model model) {
        PolicyEdit edit = policies.forEdit(admin, id);
        Map<String, String> errors = errorsOf(binding);
        if (errors.isEmpty()) {
            try {
                model.addAttribute("preview", policies.preview(admin, id, form.values()));
                if (form.version() != edit.version()) {
                    model.addAttribute("conflict", edit.lastChange());
                    model.addAttribute("staleNotice", true);
                }
            } catch (InvalidPolicyException invalid) {
                errors = invalid.fieldErrors();
            }
        }
        if (!errors.isEmpty()) {
            response.setStatus(UNPROCESSABLE);
        }
        return showEdit(model, edit, submittedValues(request), submittedModels(request),
                submittedVersion(request, edit), errors);
    }

    private String showList(PortalUser admin, Model model, String team, Map<String, String> errors) {
        model.addAttribute("summaries", policies.all(admin));
        model.addAttribute("team", team);
        model.addAttribute("errors", errors);
        return "policy/list";
    }

    private String showEdit(Model model, PolicyEdit edit, Map<String, String> values,
            Map<String, List<String>> selected, long version, Map<String, String> errors) {
        model.addAttribute("edit", edit);
        model.addAttribute("policy", edit.policy());
        model.addAttribute("catalog", edit.catalog());
        model.addAttribute("values", values);
        model.addAttribute("selected", selected);
        model.addAttribute("unoffered", unoffered(selected, edit.catalog()));
        model.addAttribute("version", version);
        model.addAttribute("errors", errors);
        model.addAttribute("hints", HINTS);
        model.addAttribute("firstError", PolicyValues.FIELDS.stream().filter(errors::containsKey).findFirst()
                .orElse(null));
        return "policy/edit";
    }

    /** Binding and field errors by form field name, with the messages of messages.properties. */
    private Map<String, String> errorsOf(BindingResult binding) {
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> global = new ArrayList<>();
        for (var error : binding.getAllErrors()) {
            String message = messages.getMessage(error, LocaleContextHolder.getLocale());
            if (error instanceof FieldError fieldError) {
                String component = fieldError.getField().replaceAll("\\[\\d+]$", "");
                String field = PolicyForm.FIELD_OF_COMPONENT.getOrDefault(component, component);
                if (PolicyValues.FIELDS.contains(field) || field.equals("team")) {
                    errors.putIfAbsent(field, message);
                } else {
                    global.add(message);
                }
            } else {
                global.add(message);
            }
        }
        if (!global.isEmpty()) {
            errors.putIfAbsent("global", String.join(" ", global));
        }
        return errors;
    }

    /** For each model list, what it names that the proxy does not offer (shown, so it can be unticked). */
    private static Map<String, List<String>> unoffered(Map<String, List<String>> selected, ModelCatalog catalog) {
        Map<String, List<String>> unoffered = new LinkedHashMap<>();
        selected.forEach((list, names) -> unoffered.put(list, names.stream().filter(name -> !catalog.offers(name))
                .distinct().toList()));
        return unoffered;
    }

    /** Rows of "field, their value, your input" where the saved policy and the refused input differ. */
    private static List<Difference> differences(PolicyValues theirs, PolicyValues yours) {
        Map<String, Object> theirMap = theirs.asMap();
        Map<String, Object> yourMap = yours.asMap();
        return yours.differencesFrom(theirs).stream()
                .map(field -> new Difference(field, LABELS.get(field), show(theirMap.get(field)),
                        show(yourMap.get(field))))
                .toList();
    }

    /** One field where the saved policy and the admin's refused input differ. */
    record Difference(String field, String label, String theirs, String yours) {
    }

    private static String show(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "none" : String.join(", ", list.stream().map(String::valueOf).toList());
        }
        if (value instanceof Boolean flag) {
            return flag ? "yes" : "no";
        }
        if (value instanceof BigDecimal amount) {
            return Policy.money(amount);
        }
        return value.toString();
    }

    private static Map<String, String> valuesOf(PolicyValues policy) {
        Map<String, String> values = new LinkedHashMap<>();
        policy.asMap().forEach((field, value) -> {
            if (!(value instanceof List)) {
                values.put(field, value == null ? "" : value instanceof BigDecimal amount ? amount.toPlainString()
                        : value.toString());
            }
        });
        return values;
    }

    private static Map<String, List<String>> selectedOf(PolicyValues policy) {
        Map<String, List<String>> selected = new LinkedHashMap<>();
        selected.put("default_models", policy.defaultModels());
        selected.put("approval_models", policy.approvalModels());
        selected.put("forbidden_models", policy.forbiddenModels());
        return selected;
    }

    private static Map<String, String> submittedValues(HttpServletRequest request) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : PolicyValues.FIELDS) {
            if (!MODEL_LISTS.contains(field)) {
                values.put(field, nullToEmpty(request.getParameter(field)));
            }
        }
        return values;
    }

    private static Map<String, List<String>> submittedModels(HttpServletRequest request) {
        Map<String, List<String>> selected = new LinkedHashMap<>();
        for (String list : MODEL_LISTS) {
            String[] names = request.getParameterValues(list);
            selected.put(list, names == null ? List.of() : List.of(names).stream().filter(n -> !n.isBlank())
                    .map(String::trim).distinct().toList());
        }
        return selected;
    }

    /** The version the form was based on, or the current one when the form did not carry a usable one. */
    private static long submittedVersion(HttpServletRequest request, PolicyEdit edit) {
        try {
            return Long.parseLong(request.getParameter("version"));
        } catch (NumberFormatException e) {
            return edit.version();
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("default_models", "Default models"),
            Map.entry("approval_models", "Need approval"),
            Map.entry("forbidden_models", "Forbidden"),
            Map.entry("default_max_budget", "Budget: default"),
            Map.entry("ceiling_max_budget", "Budget: auto-approve ceiling"),
            Map.entry("bound_max_budget", "Budget: hard bound"),
            Map.entry("default_budget_duration", "Budget reset: default"),
            Map.entry("ceiling_budget_duration", "Budget reset: auto-approved when at least"),
            Map.entry("bound_budget_duration", "Budget reset: never shorter than"),
            Map.entry("default_duration", "Key lifetime: default"),
            Map.entry("ceiling_duration", "Key lifetime: auto-approve ceiling"),
            Map.entry("bound_duration", "Key lifetime: hard bound"),
            Map.entry("default_rpm_limit", "Requests per minute: default"),
            Map.entry("ceiling_rpm_limit", "Requests per minute: auto-approve ceiling"),
            Map.entry("bound_rpm_limit", "Requests per minute: hard bound"),
            Map.entry("default_tpm_limit", "Tokens per minute: default"),
            Map.entry("ceiling_tpm_limit", "Tokens per minute: auto-approve ceiling"),
            Map.entry("bound_tpm_limit", "Tokens per minute: hard bound"),
            Map.entry("default_max_parallel_requests", "Parallel requests: default"),
            Map.entry("ceiling_max_parallel_requests", "Parallel requests: auto-approve ceiling"),
            Map.entry("bound_max_parallel_requests", "Parallel requests: hard bound"),
            Map.entry("max_keys_per_person", "Live keys per person"),
            Map.entry("max_total_budget_per_person", "Total budget per person"),
            Map.entry("require_expiry", "Every key must expire"));

    private static final Map<String, String> HINTS = hints();

    private static Map<String, String> hints() {
        Map<String, String> hints = new LinkedHashMap<>();
        for (String parameter : List.of("max_budget", "duration", "rpm_limit", "tpm_limit", "max_parallel_requests")) {
            hints.put("default_" + parameter, "Given to a request that leaves it empty.");
            hints.put("ceiling_" + parameter, "At or under this, issued at once.");
            hints.put("bound_" + parameter, "Above this, refused.");
        }
        for (String parameter : List.of("rpm_limit", "tpm_limit", "max_parallel_requests")) {
            hints.put("ceiling_" + parameter, "At or under this, issued at once. Empty: no ceiling.");
            hints.put("bound_" + parameter, "Above this, refused. Empty: no bound.");
        }
        hints.put("default_budget_duration", "Given to a request that leaves it empty. Empty: never resets.");
        hints.put("ceiling_budget_duration", "Resetting this often or less often: issued at once.");
        hints.put("bound_budget_duration", "Resetting more often than this: refused.");
        hints.put("default_models", "What a request gets when it names no model. Must be models that need no"
                + " approval.");
        hints.put("approval_models", "A request naming one of these (or a model in one of these access groups)"
                + " waits for an approver. Everything else on offer is auto-approved.");
        hints.put("forbidden_models", "Always refused through the portal.");
        hints.put("max_keys_per_person", "Live keys and open requests together.");
        hints.put("max_total_budget_per_person", "All of a person's keys and open requests together.");
        hints.put("require_expiry", "Refuse keys without a lifetime. (An empty lifetime gets the default above.)");
        return Map.copyOf(hints);
    }
}
