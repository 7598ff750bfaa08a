package dev.keyportal.policy;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;


/** The "add a team override" form: the team's name as the team claim carries it. */
record TeamOverrideForm(
        @NotBlank(message = "{policy.team.blank}") @Size(max = 128, message = "{policy.team.size}")
        @Pattern(regexp = PolicyRules.TEAM_CHARACTERS, message = "{policy.team.pattern}") String team) {

    TeamOverrideForm {
        team = team == null ? null : team.trim();
    }
}
