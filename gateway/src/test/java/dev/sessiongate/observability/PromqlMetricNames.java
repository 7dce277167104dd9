package dev.sessiongate.observability;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, found by taking away what is not a metric
 * name: strings, label matchers, ranges, grouping clauses, offsets, function calls and
 * keywords. Enough for the expressions of a dashboard and alert rules; not a parser.
 */
final class PromqlMetricNames {

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

	private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");

	private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+\\S+");

	private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "inf", "nan", "group_left",
			"group_right");

	private PromqlMetricNames() {
	}

	static Set<String> of(String expression) {
		Set<String> names = new LinkedHashSet<>();
		Matcher labelValues = LABEL_VALUES.matcher(expression);
		if (labelValues.find()) {
			names.add(labelValues.group(1));
			return names;
		}
		String bare = STRING.matcher(expression).replaceAll(" ");
		bare = MATCHERS.matcher(bare).replaceAll(" ");
		bare = RANGE.matcher(bare).replaceAll(" ");
		bare = GROUPING.matcher(bare).replaceAll(" ");
		bare = OFFSET.matcher(bare).replaceAll(" ");
		Matcher name = NAME.matcher(bare);
		while (name.find()) {
			boolean partOfNumber = name.start() > 0 && Character.isDigit(bare.charAt(name.start() - 1));
			if (!partOfNumber && !KEYWORDS.contains(name.group())) {
				names.add(name.group());
			}
		}
		return names;
	}

}
