package dev.keyportal.security;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Sign-in that did not work, explained; and the page after signing out. */
@Controller
class LoginProblem {

    static String of(AuthenticationException exception) {
        if (exception instanceof OAuth2AuthenticationException oauth) {
            String code = oauth.getError().getErrorCode();
            if (PortalOidcUserService.IDENTITY_CONFLICT.equals(code)
                    || PortalOidcUserService.MISSING_USER_ID.equals(code)
                    || PortalOidcUserService.DISABLED.equals(code)
                    || PortalOidcUserService.NOT_ALLOWED.equals(code)) {
                return code;
            }
        }
        return "provider";
    }

    @GetMapping("/login/problem")
    String problem(@RequestParam(defaultValue = "provider") String reason, Model model) {
        String known = switch (reason) {
            case PortalOidcUserService.IDENTITY_CONFLICT, PortalOidcUserService.MISSING_USER_ID,
                    PortalOidcUserService.DISABLED, PortalOidcUserService.NOT_ALLOWED -> reason;
            default -> "provider";
        };
        model.addAttribute("reason", known);
        return "security/login-problem";
    }

    @GetMapping("/signed-out")
    String signedOut() {
        return "security/signed-out";
    }
}
