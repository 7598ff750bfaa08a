package dev.keyportal.policy;

import java.util.List;

import org.springframework.stereotype.Component;

/** The key parameters for templates ({@code @keyParameters.all()}), which may not reach static fields. */
@Component("keyParameters")
public class KeyParameters {

    public List<KeyParameter> all() {
        return KeyParameter.ALL;
    }
}
