package dev.sessiongate.config;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.sessiongate.session.SessionProperties.SealingKey;

/**
 * {@code sessiongate.session.keys}: every key decodes to 32 bytes, and ids are short,
 * plain ASCII and distinct (each sealed value names its key by id). Problems name the key
 * by index and id, never by its secret.
 */
final class SealingKeySettings {

	private static final int KEY_BYTES = 32;

	private static final int MAX_ID_LENGTH = 32;

	private static final String MAKE_A_KEY = "Set it to 32 random bytes in base64 (openssl rand -base64 32), "
			+ "from the environment or a secret store, never from a file under version control.";

	private SealingKeySettings() {
	}

	static void check(List<SealingKey> keys, SettingProblems problems) {
		if (keys == null) {
			return;
		}
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < keys.size(); i++) {
			String key = "sessiongate.session.keys[" + i + "]";
			SealingKey sealingKey = keys.get(i);
			if (sealingKey == null || sealingKey.id() == null || sealingKey.secret() == null) {
				continue;
			}
			checkId(key + ".id", sealingKey.id(), ids, problems);
			checkSecret(key + ".secret", sealingKey, problems);
		}
	}

	private static void checkId(String key, String id, Set<String> seen, SettingProblems problems) {
		if (id.length() > MAX_ID_LENGTH || !StandardCharsets.US_ASCII.newEncoder().canEncode(id)) {
			problems.report(key, "is not an ASCII id of at most " + MAX_ID_LENGTH + " characters",
					"Use a short id such as k2.");
		}
		else if (!seen.add(id)) {
			problems.report(key, "repeats the id '" + id + "'", "Give every sealing key an id of its own.");
		}
	}

	private static void checkSecret(String key, SealingKey sealingKey, SettingProblems problems) {
		byte[] secret;
		try {
			secret = Base64.getDecoder().decode(sealingKey.secret().trim());
		}
		catch (IllegalArgumentException ex) {
			problems.report(key, "of key '" + printableId(sealingKey) + "' is not base64", MAKE_A_KEY);
			return;
		}
		if (secret.length != KEY_BYTES) {
			problems.report(key, "of key '" + printableId(sealingKey) + "' decodes to " + secret.length
					+ " bytes, not " + KEY_BYTES, MAKE_A_KEY);
		}
	}

	private static String printableId(SealingKey key) {
		return key.id().replaceAll("[^\\x21-\\x7e]", "?");
	}

}
