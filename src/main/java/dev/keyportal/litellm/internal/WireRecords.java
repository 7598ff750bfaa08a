package dev.keyportal.litellm.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * LiteLLM's JSON shapes (docs/litellm-contract.md), in camelCase: the client's mapper speaks snake_case.
 * Only fields the portal reads or writes are declared; unknown fields are ignored.
 */
public final class WireRecords {

    private WireRecords() {
    }

    /** {@code key_type} {@code llm_api} limits the key to model calls ({@code allowed_routes: [llm_api_routes]}). */
    public record GenerateKeyRequest(String keyAlias, String userId, String teamId, List<String> models,
            BigDecimal maxBudget, String budgetDuration, String duration, Integer rpmLimit, Integer tpmLimit,
            Integer maxParallelRequests, Map<String, String> metadata, String keyType, BigDecimal softBudget) {
    }

    public record GenerateKeyResponse(String key, String keyName, String token, String tokenId, String keyAlias,
            String expires) {

        @Override
        public String toString() {
            return "GenerateKeyResponse[keyName=" + keyName + ", keyAlias=" + keyAlias + ", key=[redacted]]";
        }
    }

    public record KeyRow(String token, String keyName, String keyAlias, String userId, String teamId, List<String> models,
            BigDecimal spend, BigDecimal maxBudget, String budgetDuration, String budgetResetAt, String expires,
            Boolean blocked, Map<String, Object> metadata, BudgetRow litellmBudgetTable, List<String> allowedRoutes) {
    }

    /** The budget row LiteLLM links to a key; its {@code soft_budget} is an alert threshold, never a limit. */
    public record BudgetRow(BigDecimal softBudget) {
    }

    public record KeyInfoResponse(KeyRow info) {
    }

    public record KeyListResponse(List<KeyRow> keys, Integer totalCount, Integer currentPage, Integer totalPages) {
    }

    /**
     * Only the fields that are not null are sent, and only those change. There is no {@code soft_budget}: LiteLLM's
     * {@code UpdateKeyRequest} has no such field and drops it.
     */
    public record UpdateKeyRequest(String key, BigDecimal maxBudget, List<String> allowedRoutes) {
    }

    public record KeyRef(String key) {
    }

    /** {@code /user/daily/activity}: a page of LiteLLM's daily spend rows, grouped by date. */
    public record DailyActivityResponse(List<DailyActivity> results, DailyActivityPage metadata) {
    }

    public record DailyActivity(String date, SpendMetrics metrics, DailyBreakdown breakdown) {
    }

    /** By public model name ({@code model_groups}) and by provider model ({@code models}), each split by key. */
    public record DailyBreakdown(Map<String, BreakdownEntry> models, Map<String, BreakdownEntry> modelGroups,
            Map<String, KeyBreakdownEntry> apiKeys) {
    }

    public record BreakdownEntry(SpendMetrics metrics, Map<String, KeyBreakdownEntry> apiKeyBreakdown) {
    }

    public record KeyBreakdownEntry(SpendMetrics metrics) {
    }

    public record SpendMetrics(BigDecimal spend, Long totalTokens, Long apiRequests) {
    }

    public record DailyActivityPage(Integer page, Integer totalPages, Boolean hasMore) {
    }

    public record DeleteKeysRequest(List<String> keys) {
    }

    public record DeleteKeysResponse(List<String> deletedKeys) {
    }

    public record NewUserRequest(String userId, String userEmail, String userRole, BigDecimal maxBudget,
            Boolean autoCreateKey) {
    }

    public record UserInfoResponse(String userId, UserRow userInfo) {
    }

    public record UserRow(String userId, String userRole) {
    }

    public record UpdateUserRequest(String userId, String userRole) {
    }

    public record Member(String userId, String role) {
    }

    public record TeamNewRequest(String teamId, String teamAlias) {
    }

    public record TeamRow(String teamId, List<Member> membersWithRoles) {
    }

    public record TeamInfoResponse(String teamId, TeamRow teamInfo) {
    }

    public record MemberAddRequest(String teamId, Member member) {
    }

    public record ModelDetails(List<String> accessGroups, BigDecimal inputCostPerToken, BigDecimal outputCostPerToken) {
    }

    public record ModelEntry(String modelName, ModelDetails modelInfo) {
    }

    public record ModelInfoResponse(List<ModelEntry> data) {
    }
}
