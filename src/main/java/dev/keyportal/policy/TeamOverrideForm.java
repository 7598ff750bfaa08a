package dev.keyportal.policy;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.keyportal.audit.FreeText;

/** The "add a team override" form: the team's name as the team claim carries it. */
record TeamOverrideForm(
        @NotBlank(message = "{policy.team.blank}") @Size(max = 128, message = "{policy.team.size}")
        @FreeText String team) {

    TeamOverrideForm {
        team = team == null ? null : team.trim();
    }
}
