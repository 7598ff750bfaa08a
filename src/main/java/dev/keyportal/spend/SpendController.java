package dev.keyportal.spend;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import dev.keyportal.keys.KeyListing;
import dev.keyportal.security.PortalUser;
import dev.keyportal.spend.SpendParameters.Range;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "My spend" for everyone; org-wide spend for admins, with drill-down from team to person to key; CSV export of
 * every admin table. Query parameters come from links and may be edited by hand: {@link SpendParameters} replaces
 * a bad one by its default and the page says so, never a 500.
 */
@Controller
class SpendController {

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final SpendDashboards dashboards;
    private final SpendExport export;
    private final KeyListing keys;
    private final Clock clock;

    SpendController(SpendDashboards dashboards, SpendExport export, KeyListing keys, Clock clock) {
        this.dashboards = dashboards;
        this.export = export;
        this.keys = keys;
        this.clock = clock;
    }

    @GetMapping("/spend")
    String mine(PortalUser user, @RequestParam(required = false) String days, Model model) {
        SpendParameters params = parameters();
        model.addAttribute("spend", dashboards.forPerson(user, params.days(days)));
        model.addAttribute("notes", params.notes());
        model.addAttribute("listing", keys.of(user));
        model.addAttribute("warnAt", KeyListing.WARN_AT_PERCENT);
        return "spend/mine";
    }

    @GetMapping("/admin/spend")
    String org(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String team, @RequestParam(required = false) String person,
            @RequestParam(required = false) String sort, @RequestParam(required = false) String page, Model model,
            HttpServletResponse response) {
        SpendParameters params = parameters();
        Range range = params.range(from, to);
        String chosenTeam = params.team(team);
        model.addAttribute("notes", params.notes());
        if (SpendParameters.namesPerson(person)) {
            UUID ownerId = SpendParameters.personId(person);
            String label = ownerId == null ? null : dashboards.ownerLabel(ownerId).orElse(null);
            if (label == null) {
                response.setStatus(HttpStatus.NOT_FOUND.value());
                model.addAttribute("message", "There is nobody with that id in the portal.");
                return "error/404";
            }
            model.addAttribute("person", label);
            model.addAttribute("personId", ownerId);
            model.addAttribute("team", chosenTeam);
            model.addAttribute("spend", dashboards.forOwnerAsAdmin(ownerId, range.from(), range.to()));
            return "spend/person";
        }
        int requestedPage = params.page(page);
        SpendDashboards.OrgSpend spend = dashboards.forOrg(range.from(), range.to(), chosenTeam, params.order(sort),
                requestedPage);
        params.pageShown(requestedPage, spend.pages());
        model.addAttribute("spend", spend);
        return "spend/org";
    }

    /** One table of the admin pages as CSV; a link that cannot be served gets a plain-text reason instead. */
    @GetMapping("/admin/spend.csv")
    ResponseEntity<String> csv(@RequestParam(defaultValue = "team") String table,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String team, @RequestParam(required = false) String person,
            @RequestParam(required = false) String sort) {
        SpendParameters params = parameters();
        SpendExport.Export answer = export.table(table, person, params.range(from, to), params.team(team),
                params.order(sort));
        if (answer instanceof SpendExport.Refusal refusal) {
            return ResponseEntity.status(refusal.status()).contentType(TEXT).body(refusal.message() + "\n");
        }
        SpendExport.File file = (SpendExport.File) answer;
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(file.filename()).build().toString())
                .body(file.csv());
    }

    private SpendParameters parameters() {
        return new SpendParameters(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    }
}
