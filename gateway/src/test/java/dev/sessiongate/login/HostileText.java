package dev.sessiongate.login;

import java.util.List;

import org.quicktheories.core.Gen;

import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * The QuickTheories generators the property tests of login and logout input share: text over
 * a chosen alphabet, any text, and parts joined into one string. Each shrinks (fewer
 * characters, earlier alphabet letters, fewer parts), so a failure reports a short
 * counterexample. A failure also prints {@code Seed was N}; {@code -DQT_SEED=N} replays it.
 */
public final class HostileText {

	private HostileText() {
	}

	/** Up to {@code maxLength} characters, each one of {@code alphabet}. */
	public static Gen<String> over(String alphabet, int maxLength) {
		List<Character> letters = alphabet.chars().mapToObj(c -> (char) c).toList();
		return lists().of(arbitrary().pick(letters))
			.ofSizeBetween(0, maxLength)
			.map(HostileText::concatenate);
	}

	/** Up to {@code maxLength} characters of the Basic Multilingual Plane: controls and lone surrogates too. */
	public static Gen<String> any(int maxLength) {
		return strings().basicMultilingualPlaneAlphabet().ofLengthBetween(0, maxLength);
	}

	/** {@code name=value}. */
	public static Gen<String> pairs(Gen<String> names, Gen<String> values) {
		return names.zip(values, (name, value) -> name + "=" + value);
	}

	/** Up to {@code maxParts} parts, joined by {@code separator}. */
	public static Gen<String> joined(Gen<String> part, int maxParts, String separator) {
		return lists().of(part).ofSizeBetween(0, maxParts).map(parts -> String.join(separator, parts));
	}

	private static String concatenate(List<Character> letters) {
		StringBuilder text = new StringBuilder(letters.size());
		letters.forEach(text::append);
		return text.toString();
	}

}
