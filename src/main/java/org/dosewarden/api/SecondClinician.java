package org.dosewarden.api;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import org.dosewarden.api.security.UserDirectory;

/**
 * The second clinician's user name and password in a confirm on a shared screen
 * ({@link ChannelController.ConfirmRequest}): checked like a sign-in; no session is opened for them. A record of
 * its own, not nested, so the OpenAPI document names its schema {@code SecondClinician}.
 *
 * @param username at most {@link UserDirectory#MAX_NAME_CHARS} characters, the longest name a user may have
 * @param password never stored, logged or fingerprinted
 */
@Serdeable
@Schema(name = "SecondClinician")
public record SecondClinician(
        @Schema(requiredMode = REQUIRED, maxLength = UserDirectory.MAX_NAME_CHARS) String username,
        @Schema(requiredMode = REQUIRED) String password) {
}
