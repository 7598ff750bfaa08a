package dev.keyportal.keyrequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.keyportal.testsupport.LiteLlmStandIn.Fault;
import dev.keyportal.testsupport.LiteLlmStandIn.StandInKey;
import dev.keyportal.testsupport.PortalClient.Page;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.TwoInstanceTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storm: 200 approved requests collected at once through two instances, with a fifth of LiteLLM's
 * key creations failing in every way the stand-in knows and one request in five collected twice (once on each
 * instance). Afterwards, once the reconciler has run: nothing is left ISSUING, no request has two keys, every key
 * in LiteLLM belongs to an issued key in the portal, and every key someone was shown still works.
 */
class CollectionStormTests extends TwoInstanceTest {

    private static final int PEOPLE = 25;
    private static final int REQUESTS_EACH = 8;

    @Autowired
    IssuingReconciler reconciler;

    @AfterEach
    void restoreDelays() {
        liteLlm.setDelay(null);
    }

    private record Approved(String id, String person, PortalClient onFirst, PortalClient onSecond) {
    }

    @Test
    void twoHundredCollectionsWithFaultsAndDoubleSubmitsEndOneToOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
            List<Approved> approved = prepare(pool);
            assertThat(approved).hasSize(PEOPLE * REQUESTS_EACH);
            List<String> ids = approved.stream().map(Approved::id).toList();

            liteLlm.setDelay(Duration.ofMillis(1500)); // longer than the portal's 1 s read timeout
            for (int i = 0; i < 8; i++) {
                for (Fault fault : List.of(Fault.HTTP_500, Fault.CREATE_THEN_500, Fault.TIMEOUT,
                        Fault.CONNECTION_RESET, Fault.MALFORMED_JSON)) {
                    liteLlm.failNext("/key/generate", fault);
                }
            }
            Map<String, List<Page>> answers = storm(pool, approved);
            liteLlm.clearFaults();
            liteLlm.awaitIdle(Duration.ofSeconds(20)); // keys created late by TIMEOUT land before settling
            reconciler.settleStale(Duration.ZERO);
            // a person whose collection was turned away before anything was created collects again
            for (Approved request : approved) {
                if ("APPROVED".equals(status(request.id()))) {
                    request.onSecond().post("/requests/" + request.id() + "/issue", Map.of());
                }
            }

            Map<String, String> statuses = ids.stream().collect(Collectors.toMap(id -> id, this::status));
            assertThat(statuses.values()).as("every request settled").allMatch(s -> s.equals("ISSUED")
                    || s.equals("FAILED"));
            assertThat(statuses.values().stream().filter("ISSUED"::equals).count())
                    .as("faults hit a fifth of the creations, not everything").isGreaterThanOrEqualTo(140);
            assertThat(statuses.values().stream().filter("FAILED"::equals).count())
                    .as("the injected faults really struck").isGreaterThanOrEqualTo(20);
            assertThat(answers.values().stream().flatMap(List::stream).filter(page -> page.status() == 409))
                    .as("second clicks were told the key is already on its way").isNotEmpty();

            Map<String, List<StandInKey>> keysByRequest = liteLlm.keys().stream()
                    .filter(k -> ids.contains(String.valueOf(k.metadata().get("portal_request_id"))))
                    .collect(Collectors.groupingBy(k -> String.valueOf(k.metadata().get("portal_request_id"))));
            for (String id : ids) {
                List<StandInKey> keys = keysByRequest.getOrDefault(id, List.of());
                List<String> recorded = jdbc.queryForList("select token_hash from issued_key where request_id = ?::uuid",
                        String.class, id);
                if (statuses.get(id).equals("ISSUED")) {
                    assertThat(keys).as("one key in LiteLLM for issued request %s", id).hasSize(1);
                    assertThat(recorded).as("the portal's record of %s is that key", id)
                            .containsExactly(keys.get(0).token());
                } else {
                    assertThat(keys).as("no key in LiteLLM for failed request %s", id).isEmpty();
                    assertThat(recorded).isEmpty();
                }
            }

            List<String> people = approved.stream().map(Approved::person).distinct().toList();
            assertThat(liteLlm.keys()).filteredOn(k -> people.contains(k.userId()))
                    .as("no key in LiteLLM lacks a portal record")
                    .allMatch(k -> jdbc.queryForObject("select count(*) from issued_key where token_hash = ?",
                            Integer.class, k.token()) == 1);

            List<String> plaintextsShown = new ArrayList<>();
            answers.forEach((id, pages) -> {
                List<String> shown = pages.stream().map(page -> liteLlm.issuedPlaintexts().stream()
                        .filter(page.body()::contains).findFirst().orElse(null))
                        .filter(java.util.Objects::nonNull).toList();
                assertThat(shown).as("request %s showed a key at most once", id).hasSizeLessThanOrEqualTo(1);
                plaintextsShown.addAll(shown);
            });
            assertThat(plaintextsShown).as("every key shown still works")
                    .allMatch(plaintext -> liteLlm.keyByHash(sha256(plaintext)).isPresent());
        } finally {
            pool.shutdownNow();
        }
    }

    /** 25 people ask for 8 keys each above the auto-approve line; carol, an admin, approves them all. */
    private List<Approved> prepare(ExecutorService pool) throws Exception {
        PortalClient carol = signedIn("carol");
        carol.csrfToken();
        List<Future<List<Approved>>> people = new ArrayList<>();
        for (int p = 0; p < PEOPLE; p++) {
            people.add(pool.submit(() -> {
                String person = uniquePerson("storm");
                PortalClient first = signedIn(person);
                first.csrfToken();
                PortalClient other = first.sameBrowserAt(second.port());
                List<Approved> theirs = new ArrayList<>();
                for (int r = 0; r < REQUESTS_EACH; r++) {
                    Map<String, List<String>> form = form("storm-" + r);
                    form.put("max_budget", List.of("30"));
                    // redirects are not followed: the pages behind them are not what this test is about
                    Page asked = first.postWithoutRedirects("/keys", form);
                    String location = String.valueOf(asked.header("Location"));
                    assertThat(location).as(asked.text()).contains("/requests/");
                    String id = location.substring(location.indexOf("/requests/") + "/requests/".length());
                    assertThat(carol.postWithoutRedirects("/approvals/" + id + "/approve", Map.of()).status())
                            .isEqualTo(302);
                    theirs.add(new Approved(id, person + "@example.com", first, other));
                }
                return theirs;
            }));
        }
        List<Approved> all = new ArrayList<>();
        for (Future<List<Approved>> person : people) {
            all.addAll(person.get());
        }
        assertThat(all).allMatch(request -> "APPROVED".equals(status(request.id())));
        return all;
    }

    /** Collects every request, alternating instances; every fifth is collected on both at once. */
    private Map<String, List<Page>> storm(ExecutorService pool, List<Approved> approved) throws Exception {
        List<Supplier<Map.Entry<String, Page>>> clicks = new ArrayList<>();
        for (int i = 0; i < approved.size(); i++) {
            Approved request = approved.get(i);
            String path = "/requests/" + request.id() + "/issue";
            PortalClient client = i % 2 == 0 ? request.onFirst() : request.onSecond();
            clicks.add(() -> Map.entry(request.id(), client.post(path, Map.of())));
            if (i % 5 == 0) {
                PortalClient twin = i % 2 == 0 ? request.onSecond() : request.onFirst();
                clicks.add(() -> Map.entry(request.id(), twin.post(path, Map.of())));
            }
        }
        Collections.shuffle(clicks, new Random(42));
        List<Future<Map.Entry<String, Page>>> pending = new ArrayList<>();
        for (Supplier<Map.Entry<String, Page>> click : clicks) {
            pending.add(pool.submit(click::get));
        }
        Map<String, List<Page>> answers = new ConcurrentHashMap<>();
        for (Future<Map.Entry<String, Page>> answer : pending) {
            Map.Entry<String, Page> entry = answer.get();
            assertThat(entry.getValue().status()).as(entry.getValue().text()).isNotEqualTo(500);
            answers.computeIfAbsent(entry.getKey(), id -> Collections.synchronizedList(new ArrayList<>()))
                    .add(entry.getValue());
        }
        return answers;
    }

    private String status(String id) {
        return jdbc.queryForObject("select status from key_request where id = ?::uuid", String.class, id);
    }

    private static String sha256(String plaintext) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
