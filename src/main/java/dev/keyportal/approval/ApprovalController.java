package dev.keyportal.approval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import dev.keyportal.keyrequest.ApprovalForm;
import dev.keyportal.keyrequest.Approvals;
import dev.keyportal.keyrequest.DecisionOutcome;
import dev.keyportal.security.PortalUser;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The queue of pending requests, one request's review, and approve / deny. */
@Controller
class ApprovalController {

    private final Approvals approvals;
    private final MessageSource messages;

    ApprovalController(Approvals approvals, MessageSource messages) {
        this.approvals = approvals;
        this.messages = messages;
    }

    @GetMapping("/approvals")
    String queue(PortalUser approver, Model model) {
        model.addAttribute("reviews", approvals.reviewsFor(approver));
        return "approval/queue";
    }

    @GetMapping("/approvals/{id}")
    String review(PortalUser approver, @PathVariable UUID id, Model model) {
        return show(approver, id, model, Map.of());
    }

    @PostMapping("/approvals/{id}/approve")
    String approve(PortalUser approver, @PathVariable UUID id, @Valid @ModelAttribute("form") ApprovalForm form,
            BindingResult binding, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            response.setStatus(422);
            return show(approver, id, model, errorsOf(binding));
        }
        return decided(approvals.approve(approver, id, form), approver, id, model, response, redirect);
    }

    @PostMapping("/approvals/{id}/deny")
    String deny(PortalUser approver, @PathVariable UUID id, @RequestParam(name = "reason", required = false) String reason,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        return decided(approvals.deny(approver, id, reason), approver, id, model, response, redirect);
    }

    private String decided(DecisionOutcome outcome, PortalUser approver, UUID id, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        if (outcome instanceof DecisionOutcome.Decided decided) {
            redirect.addFlashAttribute("flash", "You " + (decided.request().status().name().equals("APPROVED")
                    ? "approved" : "denied") + " " + decided.request().keyAlias() + ".");
            return "redirect:/approvals";
        }
        if (outcome instanceof DecisionOutcome.AlreadyDecided already) {
            response.setStatus(409);
            model.addAttribute("alreadyDecided", already.request());
            return show(approver, id, model, Map.of());
        }
        response.setStatus(422);
        return show(approver, id, model, ((DecisionOutcome.Invalid) outcome).fieldErrors());
    }

    private String show(PortalUser approver, UUID id, Model model, Map<String, String> errors) {
        model.addAttribute("review", approvals.review(approver, id));
        model.addAttribute("errors", errors);
        return "approval/review";
    }

    private Map<String, String> errorsOf(BindingResult binding) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (var error : binding.getAllErrors()) {
            String field = error instanceof FieldError fieldError
                    ? fieldError.getField().replaceAll("\\[\\d+]$", "") : "global";
            errors.putIfAbsent(field, messages.getMessage(error, LocaleContextHolder.getLocale()));
        }
        return errors;
    }
}
