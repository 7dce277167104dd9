package dev.sessiongate.login;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How logouts end at the IdP.
 *
 * @param idTokenHint whether {@code end_session_url} carries the session's ID token as
 * {@code id_token_hint} (RP-Initiated Logout); some IdPs need it to end their session
 * without asking, and it is the one token that may reach a client. Defaults to true.
 */
@ConfigurationProperties("sessiongate.logout")
public record LogoutProperties(@DefaultValue("true") boolean idTokenHint) {
}
