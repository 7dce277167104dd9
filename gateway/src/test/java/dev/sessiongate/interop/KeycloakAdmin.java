package dev.sessiongate.interop;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Keycloak's admin REST API for the realm, as the realm's service account
 * {@code interop-admin} (client credentials; its roles are in the realm file): client
 * settings, stored events and sessions.
 */
public final class KeycloakAdmin {

	private static final String CLIENT_ID = "interop-admin";

	private static final String CLIENT_SECRET = "interop-admin-secret";

	private final LocalKeycloak keycloak;

	private final String base;

	public KeycloakAdmin(LocalKeycloak keycloak) {
		this.keycloak = keycloak;
		this.base = keycloak.baseUrl() + "/admin/realms/" + LocalKeycloak.REALM;
	}

	/**
	 * Points a client's back-channel logout at {@code url}: a gateway's port is known only
	 * once it runs, and Keycloak takes one URL per client, so each stack sets its own.
	 */
	public void setBackchannelLogoutUrl(String clientId, String url) {
		String path = "/clients/" + clientUuid(clientId);
		Map<String, Object> client = send(authorized(path).GET()).expect(200).json();
		@SuppressWarnings("unchecked")
		Map<String, Object> attributes = (Map<String, Object>) client.get("attributes");
		attributes.put("backchannel.logout.url", url);
		send(authorized(path).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(client)))).expect(204);
	}

	/** Every stored event of a client, newest first. */
	public List<KeycloakEvent> events(String clientId) {
		return send(authorized("/events?max=100000&client=" + encode(clientId)).GET()).expect(200)
			.jsonArray()
			.stream()
			.map(event -> KeycloakEvent.of(asMap(event)))
			.toList();
	}

	/**
	 * Ends an offline session, as an administrator or the user's account console does: a
	 * login that asked for {@code offline_access} lives in one, and Keycloak sends this
	 * client's back-channel logout for it.
	 */
	public void endOfflineSession(String sid) {
		send(authorized("/sessions/" + encode(sid) + "?isOffline=true").DELETE()).expect(204);
	}

	/** Ends a regular (SSO) session; Keycloak sends the back-channel logouts of its clients. */
	public void endSession(String sid) {
		send(authorized("/sessions/" + encode(sid)).DELETE()).expect(204);
	}

	/** Keycloak's id of a user: the {@code sub} of its tokens. */
	public String userId(String username) {
		List<Object> users = send(authorized("/users?exact=true&username=" + encode(username)).GET()).expect(200)
			.jsonArray();
		return (String) asMap(users.get(0)).get("id");
	}

	/** The ids of a user's regular (SSO) sessions. */
	public List<String> sessionIds(String username) {
		return send(authorized("/users/" + userId(username) + "/sessions").GET()).expect(200)
			.jsonArray()
			.stream()
			.map(session -> (String) asMap(session).get("id"))
			.toList();
	}

	private String clientUuid(String clientId) {
		List<Object> clients = send(authorized("/clients?clientId=" + encode(clientId)).GET()).expect(200)
			.jsonArray();
		return (String) asMap(clients.get(0)).get("id");
	}

	private HttpRequest.Builder authorized(String path) {
		return KeycloakHttp.request(this.base + path).header("Authorization", "Bearer " + accessToken());
	}

	// A token per call: the realm's access tokens live a minute, and the admin calls are few.
	private String accessToken() {
		HttpRequest request = KeycloakHttp.postForm(this.keycloak.tokenEndpoint(), Map.of("grant_type", "client_credentials"))
			.header("Authorization", KeycloakHttp.basic(CLIENT_ID, CLIENT_SECRET))
			.build();
		return (String) send(request).expect(200).json().get("access_token");
	}

	private static KeycloakHttp.Answer send(HttpRequest.Builder request) {
		return KeycloakHttp.send(request.build());
	}

	private static KeycloakHttp.Answer send(HttpRequest request) {
		return KeycloakHttp.send(request);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object json) {
		return (Map<String, Object>) json;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
