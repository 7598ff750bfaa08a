package dev.keyportal.approval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import dev.keyportal.keyrequest.ApprovalForm;
import dev.keyportal.keyrequest.DecisionOutcome;
import dev.keyportal.policy.FormErrors;
import dev.keyportal.policy.KeyParameter;
import dev.keyportal.security.PortalUser;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The queue of pending requests, one request's review, and approve / deny. */
@Controller
class ApprovalController {

    /** The approve form's fields in page order. */
    private static final List<String> FIELDS = fields();

    private final ApprovalQueue queue;
    private final Reviews reviews;

    ApprovalController(ApprovalQueue queue, Reviews reviews) {
        this.queue = queue;
        this.reviews = reviews;
    }

    /** Cards on one page of the queue: with a thousand waiting, the page still shows at once. */
    static final int PAGE_SIZE = 50;

    @GetMapping("/approvals")
    String queue(PortalUser approver, @RequestParam(defaultValue = "1") int page, Model model) {
        long waiting = queue.pendingCountFor(approver);
        int pages = (int) Math.max(1, (waiting + PAGE_SIZE - 1) / PAGE_SIZE);
        int current = Math.min(Math.max(page, 1), pages);
        model.addAttribute("reviews", reviews.reviewsFor(approver, current - 1, PAGE_SIZE));
        model.addAttribute("waiting", waiting);
        model.addAttribute("page", current);
        model.addAttribute("pages", pages);
        return "approval/queue";
    }

    @GetMapping("/approvals/{id}")
    String review(PortalUser approver, @PathVariable UUID id, Model model) {
        Review review = reviews.review(approver, id);
        model.addAttribute("form", ApprovalForm.keepAsked(review.request().asked()));
        return show(review, model);
    }

    @PostMapping("/approvals/{id}/approve")
    String approve(PortalUser approver, @PathVariable UUID id, @Valid @ModelAttribute("form") ApprovalForm form,
            BindingResult binding, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            response.setStatus(422);
            return show(reviews.review(approver, id), model);
        }
        DecisionOutcome outcome = queue.approve(approver, id, form);
        if (outcome instanceof DecisionOutcome.Invalid invalid) {
            FormErrors.reject(binding, invalid.fieldErrors(), FIELDS);
        }
        return decided(outcome, approver, id, model, response, redirect);
    }

    @PostMapping("/approvals/{id}/deny")
    String deny(PortalUser approver, @PathVariable UUID id, @RequestParam(name = "reason", required = false) String reason,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        DecisionOutcome outcome = queue.deny(approver, id, reason);
        if (outcome instanceof DecisionOutcome.Invalid invalid) {
            model.addAttribute("denyReason", reason);
            model.addAttribute("denyError", invalid.fieldErrors().get("reason"));
        }
        return decided(outcome, approver, id, model, response, redirect);
    }

    private String decided(DecisionOutcome outcome, PortalUser approver, UUID id, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        if (outcome instanceof DecisionOutcome.Decided decided) {
            redirect.addFlashAttribute("flash", "You " + (decided.request().status().name().equals("APPROVED")
                    ? "approved" : "denied") + " " + decided.request().keyAlias() + ".");
            return "redirect:/approvals";
        }
        Review review = reviews.review(approver, id);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", ApprovalForm.keepAsked(review.request().asked()));
        }
        if (outcome instanceof DecisionOutcome.AlreadyDecided already) {
            response.setStatus(409);
            model.addAttribute("alreadyDecided", already.request());
            return show(review, model);
        }
        response.setStatus(422);
        return show(review, model);
    }

    private String show(Review review, Model model) {
        model.addAttribute("review", review);
        Map<String, String> placeholders = new LinkedHashMap<>();
        KeyParameter.ALL.forEach(parameter -> placeholders.put(parameter.field(),
                "as asked: " + review.asked(parameter.field())));
        model.addAttribute("placeholders", placeholders);
        return "approval/review";
    }

    private static List<String> fields() {
        List<String> fields = new ArrayList<>(List.of(KeyParameter.MODELS));
        KeyParameter.ALL.forEach(parameter -> fields.add(parameter.field()));
        fields.add("reason");
        return List.copyOf(fields);
    }
}
