package dev.sessiongate.load;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Signed-in sessions for a run, as {@code Cookie} header values. {@code bench.sessions=seed} asks the sandbox to
 * write them through the gateway's own SessionStore (fast, no login endpoints needed); {@code login} goes through
 * the app login endpoints of the gateway under test, as a real app would.
 */
final class BenchSessions {

	private BenchSessions() {
	}

	static List<String> create(SandboxAdminClient admin, int count) {
		String mode = BenchSettings.sessions();
		return switch (mode) {
			case "seed" -> seeded(admin, count);
			case "login" -> new AppLogin(BenchSettings.gatewayUrl()).signIn(count);
			default -> throw new IllegalArgumentException("bench.sessions is seed or login, not " + mode);
		};
	}

	private static List<String> seeded(SandboxAdminClient admin, int count) {
		JsonNode seeded = admin.seedSessions(count);
		String name = seeded.get("cookieName").asText();
		List<String> cookies = new ArrayList<>(count);
		seeded.get("sessions").forEach(session -> cookies.add(name + "=" + session.get("cookie").asText()));
		return cookies;
	}

}
