package dev.keyportal.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import dev.keyportal.litellm.ModelCatalog;
import dev.keyportal.litellm.ModelOffer;
import dev.keyportal.security.PortalUser;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The admins' policy editor: the list with "add a team override", the edit form, its preview and its save. */
@Controller
class PolicyAdminController {

    private static final int UNPROCESSABLE = 422;

    private final Policies policies;
    private final MessageSource messages;

    PolicyAdminController(Policies policies, MessageSource messages) {
        this.policies = policies;
        this.messages = messages;
    }

    @GetMapping("/admin/policies")
    String list(PortalUser admin, Model model) {
        model.addAttribute("teamForm", new TeamOverrideForm(""));
        return showList(admin, model);
    }

    @PostMapping("/admin/policies/teams")
    String addTeam(PortalUser admin, @Valid @ModelAttribute("teamForm") TeamOverrideForm form, BindingResult binding,
            HttpServletResponse response, Model model, RedirectAttributes redirect) {
        if (!binding.hasErrors()) {
            try {
                Policy created = policies.createTeamOverride(admin, form.team());
                redirect.addFlashAttribute("flash", "The team '" + created.team() + "' now has its own policy, a copy"
                        + " of the global one (version 1). Change what should differ for this team.");
                return "redirect:/admin/policies/" + created.id();
            } catch (InvalidPolicyException invalid) {
                FormErrors.reject(binding, invalid.fieldErrors(), List.of("team"));
            }
        }
        response.setStatus(UNPROCESSABLE);
        return showList(admin, model);
    }

    @GetMapping("/admin/policies/{id}")
    String edit(PortalUser admin, @PathVariable UUID id, Model model) {
        PolicyEdit edit = policies.forEdit(admin, id);
        PolicyForm form = PolicyForm.of(edit.values(), edit.version());
        model.addAttribute("policyForm", form);
        return showEdit(model, edit, form.selected(), edit.version(), null);
    }

    @PostMapping("/admin/policies/{id}")
    String save(PortalUser admin, @PathVariable UUID id, @Valid @ModelAttribute("policyForm") PolicyForm form,
            BindingResult binding, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        if (!binding.hasErrors()) {
            try {
                int before = policies.policyVersion(id);
                Policy saved = policies.update(admin, id, form.version(), form.values());
                redirect.addFlashAttribute("flash", saved.version() == before ? "Nothing changed, so nothing was saved."
                        : "Saved as version " + saved.version() + ". Requests from now on are judged by it; keys"
                                + " already issued keep their limits.");
                return "redirect:/admin/policies/" + id;
            } catch (InvalidPolicyException invalid) {
                FormErrors.reject(binding, invalid.fieldErrors(), PolicyValues.FIELDS);
            } catch (PolicyConflictException conflict) {
                PolicyEdit current = conflict.current();
                model.addAttribute("conflict", current.lastChange());
                model.addAttribute("theirs", current.values());
                model.addAttribute("differences", differences(current.values(), form.values()));
                response.setStatus(HttpStatus.CONFLICT.value());
                // the admin's input is shown again on top of the new version: saving it again is a conscious choice
                return showEdit(model, current, form.selected(), current.version(), null);
            }
        }
        response.setStatus(UNPROCESSABLE);
        PolicyEdit edit = policies.forEdit(admin, id);
        return showEdit(model, edit, selected(binding), submittedVersion(binding, edit), binding);
    }

    @PostMapping("/admin/policies/{id}/preview")
    String preview(PortalUser admin, @PathVariable UUID id, @Valid @ModelAttribute("policyForm") PolicyForm form,
            BindingResult binding, HttpServletResponse response, Model model) {
        PolicyEdit edit = policies.forEdit(admin, id);
        if (!binding.hasErrors()) {
            try {
                model.addAttribute("preview", policies.preview(admin, id, form.values()));
                if (form.version() != edit.version()) {
                    model.addAttribute("conflict", edit.lastChange());
                    model.addAttribute("staleNotice", true);
                }
            } catch (InvalidPolicyException invalid) {
                FormErrors.reject(binding, invalid.fieldErrors(), PolicyValues.FIELDS);
            }
        }
        if (binding.hasErrors()) {
            response.setStatus(UNPROCESSABLE);
        }
        return showEdit(model, edit, selected(binding), submittedVersion(binding, edit), binding);
    }

    private String showList(PortalUser admin, Model model) {
        model.addAttribute("summaries", policies.all(admin));
        return "policy/list";
    }

    private String showEdit(Model model, PolicyEdit edit, Map<String, List<String>> selected, long version,
            BindingResult binding) {
        model.addAttribute("edit", edit);
        model.addAttribute("policy", edit.policy());
        model.addAttribute("catalog", edit.catalog());
        model.addAttribute("unoffered", unoffered(selected, edit.catalog()));
        model.addAttribute("version", version);
        model.addAttribute("hints", hints());
        model.addAttribute("limitLabels", limitLabels());
        model.addAttribute("firstError", binding == null ? null
                : FormErrors.firstError(binding, PolicyValues.FIELDS).orElse(null));
        return "policy/edit";
    }

    /** The model lists as submitted (also when the form could not be read), for the page to show them again. */
    private static Map<String, List<String>> selected(BindingResult binding) {
        Map<String, List<String>> selected = new LinkedHashMap<>();
        for (String list : PolicyValues.MODEL_LISTS) {
            Object value = binding.getFieldValue(list);
            List<String> names = value instanceof Collection<?> collection
                    ? collection.stream().map(String::valueOf).toList()
                    : value instanceof String[] array ? List.of(array)
                    : value == null ? List.of() : List.of(value.toString());
            selected.put(list, names.stream().filter(name -> !name.isBlank()).map(String::trim).distinct().toList());
        }
        return selected;
    }

    /** For each model list, what it names that the proxy does not offer (shown, so it can be unticked). */
    private static Map<String, List<String>> unoffered(Map<String, List<String>> selected, ModelCatalog catalog) {
        Map<String, List<String>> unoffered = new LinkedHashMap<>();
        selected.forEach((list, names) -> unoffered.put(list, names.stream().filter(name -> !catalog.offers(name))
                .distinct().toList()));
        return unoffered;
    }

    /** Rows of "field, their value, your input" where the saved policy and the refused input differ. */
    private List<Difference> differences(PolicyValues theirs, PolicyValues yours) {
        Map<String, String> labels = labels();
        Map<String, Object> theirMap = theirs.asMap();
        Map<String, Object> yourMap = yours.asMap();
        return yours.differencesFrom(theirs).stream()
                .map(field -> new Difference(field, labels.get(field), show(theirMap.get(field)),
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

    /** The version the form was based on, or the current one when the form did not carry a usable one. */
    private static long submittedVersion(BindingResult binding, PolicyEdit edit) {
        Object version = binding.getFieldValue("version");
        try {
            return version == null ? edit.version() : Long.parseLong(version.toString());
        } catch (NumberFormatException e) {
            return edit.version();
        }
    }

    /** Each field's label, as the conflict table and the form show it, from messages.properties. */
    private Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String field : PolicyValues.FIELDS) {
            labels.put(field, message("policy." + field + ".label"));
        }
        for (KeyParameter parameter : KeyParameter.ALL) {
            for (PolicyValues.Setting setting : PolicyValues.Setting.values()) {
                labels.put(setting.field(parameter), message(parameter.nameKey()) + ": "
                        + settingLabel(parameter, setting));
            }
        }
        return labels;
    }

    /** The label of one setting of a parameter ("auto-approve ceiling", "never shorter than"). */
    private String settingLabel(KeyParameter parameter, PolicyValues.Setting setting) {
        String key = "policy.setting." + setting.name().toLowerCase(Locale.ROOT);
        return message(key + "." + parameter.kind(), key);
    }

    /** The line under each field, from messages.properties: by setting, worded for the parameter's kind. */
    private Map<String, String> hints() {
        Map<String, String> hints = new LinkedHashMap<>();
        for (String field : PolicyValues.FIELDS) {
            hints.put(field, message("policy." + field + ".hint"));
        }
        for (KeyParameter parameter : KeyParameter.ALL) {
            for (PolicyValues.Setting setting : PolicyValues.Setting.values()) {
                String key = "policy.hint." + setting.name().toLowerCase(Locale.ROOT);
                hints.put(setting.field(parameter), message(key + "." + parameter.kind(), key));
            }
        }
        return hints;
    }

    /** For each parameter, the legend and the labels of its three inputs. */
    private Map<String, List<String>> limitLabels() {
        Map<String, List<String>> labels = new LinkedHashMap<>();
        for (KeyParameter parameter : KeyParameter.ALL) {
            List<String> texts = new ArrayList<>();
            texts.add(message("policy.legend." + parameter.field(), parameter.labelKey()));
            for (PolicyValues.Setting setting : PolicyValues.Setting.values()) {
                texts.add(StringUtils.capitalize(settingLabel(parameter, setting)));
            }
            labels.put(parameter.field(), texts);
        }
        return labels;
    }

    /** The first of these message codes that messages.properties has, or empty. */
    private String message(String... codes) {
        return messages.getMessage(new DefaultMessageSourceResolvable(codes, ""), LocaleContextHolder.getLocale());
    }
}
