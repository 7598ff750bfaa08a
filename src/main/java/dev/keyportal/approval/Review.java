package dev.keyportal.approval;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.keyportal.keyrequest.KeyRequestView;
import dev.keyportal.keys.Holdings;
import dev.keyportal.policy.Band;
import dev.keyportal.policy.KeyParameter;
import dev.keyportal.policy.KeyTerms;
import dev.keyportal.policy.Policy;
import dev.keyportal.policy.Policy.Limit;

/**
 * A request with everything an approver weighs, as the queue and the review page show it: the policy's bands and
 * reasons per field, and what the requester holds and has spent.
 */
public record Review(KeyRequestView request, String requesterName, Policy policy, Map<String, Band> bands,
        Map<String, String> reasons, Holdings requesterHoldings, BigDecimal requesterSpend, boolean ownRequest) {

    /** True when the asked value of this form field is above its auto-approve ceiling. */
    public boolean overCeiling(String field) {
        return bands.getOrDefault(field, Band.AUTO_APPROVE) != Band.AUTO_APPROVE;
    }

    /** Each asked value beside the default, the auto-approve ceiling and the hard bound that apply. */
    public List<ValueRow> rows() {
        KeyTerms asked = request.asked();
        List<ValueRow> rows = new ArrayList<>();
        rows.add(row(KeyParameter.MODELS, "parameter.models.name", String.join(", ", asked.models()),
                policy.defaultModels().isEmpty() ? "none (chosen on the form)"
                        : String.join(", ", policy.defaultModels()),
                policy.approvalModels().isEmpty() ? "all" : "all but " + String.join(", ", policy.approvalModels()),
                policy.forbiddenModels().isEmpty() ? "any offered"
                        : "not " + String.join(", ", policy.forbiddenModels())));
        for (KeyParameter parameter : KeyParameter.ALL) {
            Limit<?> limit = policy.limit(parameter);
            String atLeast = parameter.shorterIsMore() ? "at least " : "";
            rows.add(row(parameter.field(), parameter.nameKey(), parameter.show(asked.get(parameter)),
                    parameter.show(limit.defaultValue()), atLeast + parameter.show(limit.ceiling()),
                    atLeast + parameter.show(limit.bound())));
        }
        return rows;
    }

    /** The asked value of a form field as plain text, for the approve form's placeholders. */
    public String asked(String field) {
        return KeyParameter.byField(field).map(parameter -> request.asked().get(parameter))
                .map(value -> value instanceof BigDecimal amount ? amount.toPlainString() : value.toString())
                .orElse("none");
    }

    private ValueRow row(String field, String labelKey, String asked, String defaultValue, String ceiling,
            String bound) {
        return new ValueRow(field, labelKey, asked, defaultValue, ceiling, bound, overCeiling(field),
                reasons.get(field));
    }

    /** One line of the review table. */
    public record ValueRow(String field, String labelKey, String asked, String defaultValue, String ceiling,
            String bound, boolean overCeiling, String reason) {
    }
}
