package dev.keyportal.litellm.internal;

import dev.keyportal.litellm.internal.WireRecords.DailyActivityResponse;
import dev.keyportal.litellm.internal.WireRecords.DeleteKeysRequest;
import dev.keyportal.litellm.internal.WireRecords.DeleteKeysResponse;
import dev.keyportal.litellm.internal.WireRecords.GenerateKeyRequest;
import dev.keyportal.litellm.internal.WireRecords.GenerateKeyResponse;
import dev.keyportal.litellm.internal.WireRecords.KeyInfoResponse;
import dev.keyportal.litellm.internal.WireRecords.KeyListResponse;
import dev.keyportal.litellm.internal.WireRecords.MemberAddRequest;
import dev.keyportal.litellm.internal.WireRecords.ModelInfoResponse;
import dev.keyportal.litellm.internal.WireRecords.NewUserRequest;
import dev.keyportal.litellm.internal.WireRecords.TeamInfoResponse;
import dev.keyportal.litellm.internal.WireRecords.TeamNewRequest;
import dev.keyportal.litellm.internal.WireRecords.UpdateKeyRequest;
import dev.keyportal.litellm.internal.WireRecords.UpdateUserRequest;
import dev.keyportal.litellm.internal.WireRecords.UserInfoResponse;
import dev.keyportal.litellm.internal.WireRecords.KeyRow;
import dev.keyportal.litellm.internal.WireRecords.KeyRef;

import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.PostExchange;

/** The LiteLLM admin endpoints the portal calls. */
public interface LiteLlmAdminApi {

    @PostExchange("/key/generate")
    GenerateKeyResponse generateKey(@RequestBody GenerateKeyRequest request);

    @GetExchange("/key/info")
    KeyInfoResponse keyInfo(@RequestParam("key") String tokenHash);

    @GetExchange("/key/list?return_full_object=true")
    KeyListResponse listKeys(@RequestParam(name = "user_id", required = false) String userId,
            @RequestParam(name = "key_alias", required = false) String keyAlias, @RequestParam("page") int page,
            @RequestParam("size") int size);

    @PostExchange("/key/update")
    KeyRow updateKey(@RequestBody UpdateKeyRequest request);

    @PostExchange("/key/block")
    KeyRow blockKey(@RequestBody KeyRef key);

    @PostExchange("/key/unblock")
    KeyRow unblockKey(@RequestBody KeyRef key);

    @PostExchange("/key/delete")
    DeleteKeysResponse deleteKeys(@RequestBody DeleteKeysRequest request);

    @GetExchange("/user/info")
    UserInfoResponse userInfo(@RequestParam("user_id") String userId);

    @PostExchange("/user/update")
    void updateUser(@RequestBody UpdateUserRequest request);

    @PostExchange("/user/new")
    UserInfoResponse newUser(@RequestBody NewUserRequest request);

    @GetExchange("/team/info")
    TeamInfoResponse teamInfo(@RequestParam("team_id") String teamId);

    @PostExchange("/team/new")
    void newTeam(@RequestBody TeamNewRequest request);

    @PostExchange("/team/member_add")
    void addTeamMember(@RequestBody MemberAddRequest request);

    @GetExchange("/user/daily/activity")
    DailyActivityResponse dailyActivity(@RequestParam("start_date") String startDate,
            @RequestParam("end_date") String endDate, @RequestParam("page") int page,
            @RequestParam("page_size") int pageSize,
            @RequestParam(name = "api_key", required = false) String apiKey);

    @GetExchange("/model/info")
    ModelInfoResponse modelInfo();

    @GetExchange("/health/liveliness")
    String liveliness();
}
