package dev.keyportal.web;

import dev.keyportal.keyrequest.KeyRequests;
import dev.keyportal.keys.KeyListing;
import dev.keyportal.security.PortalUser;
import dev.keyportal.spend.SpendDashboards;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Home: my keys, my requests and my spend at a glance. */
@Controller
class HomeController {

    private final KeyListing keys;
    private final KeyRequests requests;
    private final SpendDashboards spend;

    HomeController(KeyListing keys, KeyRequests requests, SpendDashboards spend) {
        this.keys = keys;
        this.requests = requests;
        this.spend = spend;
    }

    @GetMapping("/")
    String home(PortalUser user, Model model) {
        model.addAttribute("user", user);
        model.addAttribute("listing", keys.of(user));
        model.addAttribute("requests", requests.mine(user));
        model.addAttribute("spend", spend.forPerson(user, 30));
        return "web/home";
    }
}
