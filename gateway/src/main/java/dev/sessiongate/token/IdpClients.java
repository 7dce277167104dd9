package dev.sessiongate.token;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The IdP clients: one for public documents (discovery, JWKS), one for requests that
 * carry client credentials, which presents the {@code tls_client_auth} certificate when
 * one is configured (otherwise the same client).
 */
record IdpClients(WebClient plain, WebClient forClientAuthentication) {
}
