package dev.keyportal.web;

import dev.keyportal.keyrequest.KeyRequests;
import dev.keyportal.keys.KeyListing;
import dev.keyportal.security.PortalUser;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Home: my keys and my requests at a glance. */
@Controller
class HomeController {

    private final KeyListing keys;
    private final KeyRequests requests;

    HomeController(KeyListing keys, KeyRequests requests) {
        this.keys = keys;
        this.requests = requests;
    }

    @GetMapping("/")
    String home(PortalUser user, Model model) {
        model.addAttribute("user", user);
        model.addAttribute("listing", keys.of(user));
        model.addAttribute("requests", requests.mine(user));
        return "web/home";
    }
}
