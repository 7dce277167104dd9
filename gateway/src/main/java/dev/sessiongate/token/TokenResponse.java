package dev.sessiongate.token;

/**
 * A successful token endpoint answer.
 *
 * @param tokens the tokens it carried; the refresh and ID token may be null
 * @param scope the granted scope, when the IdP said
 */
public record TokenResponse(TokenSet tokens, String scope) {
}
