package dev.keyportal.keyrequest;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import dev.keyportal.litellm.LiteLlmException;
import dev.keyportal.litellm.LiteLlmProperties;
import dev.keyportal.policy.FormErrors;
import dev.keyportal.policy.KeyParameter;
import dev.keyportal.security.PortalUser;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The request form, its submission, and "My requests". */
@Controller
class KeyRequestController {

    /** The request form's fields in the order the page shows them. */
    static final List<String> FIELDS = fields();

    private final KeyRequests requests;
    private final BudgetIncreases budgetIncreases;
    private final KeyRotations rotations;
    private final MessageSource messages;
    private final LiteLlmProperties liteLlm;
    private final RequestMetrics metrics;

    KeyRequestController(KeyRequests requests, BudgetIncreases budgetIncreases, KeyRotations rotations,
            MessageSource messages, LiteLlmProperties liteLlm, RequestMetrics metrics) {
        this.requests = requests;
        this.budgetIncreases = budgetIncreases;
        this.rotations = rotations;
        this.messages = messages;
        this.liteLlm = liteLlm;
        this.metrics = metrics;
    }

    @GetMapping("/keys/new")
    String form(PortalUser user, Model model) {
        KeyRequests.FormContext context = requests.formContext(user);
        KeyRequestForm form = KeyRequestForm.withDefaults(context.policy());
        model.addAttribute("form", form);
        return showForm(model, context, form.submission_id().toString(), null);
    }

    @PostMapping("/keys")
    String submit(PortalUser user, @Valid @ModelAttribute("form") KeyRequestForm form, BindingResult binding,
            HttpServletResponse response, Model model, RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            return showSubmittedForm(user, model, binding, response);
        }
        SubmitOutcome outcome = requests.submit(user, form);
        metrics.outcome("new", outcome);
        if (outcome instanceof SubmitOutcome.Refused refused) {
            FormErrors.reject(binding, refused.fieldErrors(), FIELDS);
            return showSubmittedForm(user, model, binding, response);
        }
        if (outcome instanceof SubmitOutcome.TooManyRequests tooMany) {
            binding.reject("keyrequest.tooMany", new Object[] {tooMany.limitPerHour()}, "Too many requests.");
            String page = showSubmittedForm(user, model, binding, response);
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", "3600");
            return page;
        }
        if (outcome instanceof SubmitOutcome.Pending pending) {
            redirect.addFlashAttribute("flash", messages.getMessage("keyrequest.pending.flash", null,
                    LocaleContextHolder.getLocale()));
            return "redirect:/requests/" + pending.request().id();
        }
        return render(outcome, response, model);
    }

    /** Collect an approved request: issue the key now and show it once. */
    @PostMapping("/requests/{id}/issue")
    String collect(PortalUser user, @PathVariable UUID id, HttpServletResponse response, Model model,
            RedirectAttributes redirect) {
        SubmitOutcome outcome = requests.get(user, id).budgetIncrease() ? budgetIncreases.applyFor(user, id)
                : requests.collect(user, id);
        metrics.outcome("collect", outcome);
        // the navigation's count was taken before collecting
        model.addAttribute("readyToCollect", requests.readyToCollect(user));
        if (outcome instanceof SubmitOutcome.Applied applied) {
            redirect.addFlashAttribute("flash", "The new budget is in force.");
            return "redirect:/keys/" + applied.request().targetKeyId();
        }
        if (outcome instanceof SubmitOutcome.Failed failed && failed.request().budgetIncrease()
                && failed.cause() != null && failed.cause().kind() == LiteLlmException.Kind.NOT_FOUND) {
            redirect.addFlashAttribute("flash", "This key does not exist in LiteLLM any more, so there is no budget"
                    + " to raise. Nothing changed; the key now shows as deleted.");
            return "redirect:/requests/" + id;
        }
        if (outcome instanceof SubmitOutcome.Failed failed && failed.request().budgetIncrease()) {
            redirect.addFlashAttribute("flash", "LiteLLM did not take the new budget just now. Nothing changed;"
                    + " try \"Apply the new budget\" again in a few minutes.");
            return "redirect:/requests/" + id;
        }
        if (outcome instanceof SubmitOutcome.Refused refused) {
            redirect.addFlashAttribute("flash", (requests.get(user, id).budgetIncrease()
                    ? "This budget can no longer be applied as approved: "
                    : "This key can no longer be issued as approved: ")
                    + String.join(" ", refused.fieldErrors().values()) + " Cancel it and ask again.");
            return "redirect:/requests/" + id;
        }
        return render(outcome, response, model);
    }

    /** Rotate one of my keys: a new key with the same limits, shown once; the old one stops working. */
    @PostMapping("/keys/{id}/rotate")
    String rotate(PortalUser user, @PathVariable UUID id,
            @org.springframework.web.bind.annotation.RequestParam(name = "submission_id", required = false) String submissionId,
            HttpServletResponse response, Model model, RedirectAttributes redirect) {
        SubmitOutcome outcome = rotations.rotate(user, id, isUuid(submissionId) ? UUID.fromString(submissionId)
                : null);
        metrics.outcome("rotate", outcome);
        if (outcome instanceof SubmitOutcome.Refused refused) {
            redirect.addFlashAttribute("flash", "The key was not rotated: "
                    + String.join(" ", refused.fieldErrors().values()));
            return "redirect:/keys/" + id;
        }
        if (outcome instanceof SubmitOutcome.TooManyRequests tooMany) {
            redirect.addFlashAttribute("flash", "The key was not rotated: " + tooMany(tooMany));
            return "redirect:/keys/" + id;
        }
        model.addAttribute("rotatedFrom", id);
        return render(outcome, response, model);
    }

    /** Ask for a bigger budget on one of my keys: applied at once within the ceiling, else queued. */
    @PostMapping("/keys/{id}/budget")
    String raiseBudget(PortalUser user, @PathVariable UUID id, @Valid @ModelAttribute("budgetForm") BudgetForm form,
            BindingResult binding, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        budgetIncreases.ownKey(user, id);
        SubmitOutcome outcome = binding.hasErrors()
                ? new SubmitOutcome.Refused(FormErrors.messages(binding, messages))
                : budgetIncreases.submit(user, id, form);
        metrics.outcome("budget", outcome);
        if (outcome instanceof SubmitOutcome.TooManyRequests tooMany) {
            redirect.addFlashAttribute("flash", "The budget was not changed: " + tooMany(tooMany));
            return "redirect:/keys/" + id;
        }
        if (outcome instanceof SubmitOutcome.Refused refused) {
            redirect.addFlashAttribute("budgetErrors", refused.fieldErrors());
            redirect.addFlashAttribute("budgetInput", FormErrors.typed(binding, List.of("max_budget", "purpose")));
            redirect.addFlashAttribute("flash", "The budget was not changed: "
                    + String.join(" ", refused.fieldErrors().values()));
            return "redirect:/keys/" + id;
        }
        if (outcome instanceof SubmitOutcome.Pending pending) {
            redirect.addFlashAttribute("flash", messages.getMessage("keyrequest.pending.flash", null,
                    LocaleContextHolder.getLocale()));
            return "redirect:/requests/" + pending.request().id();
        }
        if (outcome instanceof SubmitOutcome.Applied) {
            redirect.addFlashAttribute("flash", "The new budget is in force.");
            return "redirect:/keys/" + id;
        }
        if (outcome instanceof SubmitOutcome.AlreadySubmitted already) {
            return "redirect:/requests/" + already.request().id();
        }
        redirect.addFlashAttribute("flash", "LiteLLM did not take the new budget just now. Your request is saved;"
                + " apply it again from the request page in a few minutes.");
        return "redirect:/requests/" + ((SubmitOutcome.Failed) outcome).request().id();
    }

    @PostMapping("/requests/{id}/cancel")
    String cancel(PortalUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        KeyRequestView cancelled = requests.cancel(user, id);
        redirect.addFlashAttribute("flash", cancelled.status() == RequestStatus.CANCELLED
                ? "Your request was cancelled." : "This request can no longer be cancelled.");
        return "redirect:/requests/" + id;
    }

    private String tooMany(SubmitOutcome.TooManyRequests tooMany) {
        return messages.getMessage("keyrequest.tooMany", new Object[] {tooMany.limitPerHour()},
                LocaleContextHolder.getLocale());
    }

    /** The page for an issuing outcome; only {@link SubmitOutcome.Issued} ever carries the key. */
    private String render(SubmitOutcome outcome, HttpServletResponse response, Model model) {
        if (outcome instanceof SubmitOutcome.Issued issued) {
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("Pragma", "no-cache");
            model.addAttribute("request", issued.request());
            model.addAttribute("key", issued.key());
            model.addAttribute("plaintext", issued.plaintext().reveal());
            model.addAttribute("baseUrl", liteLlm.baseUrlForUsers().toString());
            return "keyrequest/issued";
        }
        if (outcome instanceof SubmitOutcome.AlreadySubmitted already) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("request", already.request());
            return "keyrequest/already-submitted";
        }
        if (outcome instanceof SubmitOutcome.Failed failed) {
            response.setStatus(HttpStatus.BAD_GATEWAY.value());
            model.addAttribute("request", failed.request());
            return "keyrequest/failed";
        }
        SubmitOutcome.OutcomeUnknown unknown = (SubmitOutcome.OutcomeUnknown) outcome;
        response.setStatus(HttpStatus.GATEWAY_TIMEOUT.value());
        model.addAttribute("request", unknown.request());
        return "keyrequest/outcome-unknown";
    }

    @GetMapping("/requests")
    String mine(PortalUser user, Model model) {
        model.addAttribute("requests", requests.mine(user));
        return "keyrequest/list";
    }

    @GetMapping("/requests/{id}")
    String one(PortalUser user, @PathVariable UUID id, Model model) {
        model.addAttribute("request", requests.get(user, id));
        return "keyrequest/detail";
    }

    /** The form again with what the person typed and a message beside each field that needs a change. */
    private String showSubmittedForm(PortalUser user, Model model, BindingResult binding,
            HttpServletResponse response) {
        Object submissionId = binding.getFieldValue("submission_id");
        response.setStatus(422);
        return showForm(model, requests.formContext(user), submissionId != null && isUuid(submissionId.toString())
                ? submissionId.toString() : UUID.randomUUID().toString(),
                FormErrors.firstError(binding, FIELDS).orElse(null));
    }

    private String showForm(Model model, KeyRequests.FormContext context, String submissionId, String firstError) {
        model.addAttribute("policy", context.policy());
        model.addAttribute("hints", PolicyHints.of(context.policy()));
        model.addAttribute("limits", PolicyHints.limits(context.policy()));
        model.addAttribute("needsApproval", PolicyHints.modelsNeedingApproval(context.policy(), context.catalog()));
        model.addAttribute("catalog", context.catalog());
        model.addAttribute("submissionId", submissionId);
        model.addAttribute("firstError", firstError);
        return "keyrequest/form";
    }

    private static List<String> fields() {
        List<String> fields = new ArrayList<>(List.of("key_alias", KeyParameter.MODELS));
        KeyParameter.ALL.forEach(parameter -> fields.add(parameter.field()));
        fields.add("purpose");
        return List.copyOf(fields);
    }

    private static boolean isUuid(String value) {
        try {
            return value != null && UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

}
