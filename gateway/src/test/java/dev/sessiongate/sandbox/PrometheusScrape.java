package dev.sessiongate.sandbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * One read of a gateway's {@code /actuator/prometheus} on its management port, parsed into samples, so tests assert
 * what an operator's Prometheus would see.
 */
public final class PrometheusScrape {

	private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final List<Sample> samples;

	private PrometheusScrape(List<Sample> samples) {
		this.samples = samples;
	}

	public static PrometheusScrape of(SandboxGateway gateway) {
		String text = WebClient.create("http://127.0.0.1:" + gateway.managementPort())
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(30));
		return parse(text);
	}

	static PrometheusScrape parse(String text) {
		return new PrometheusScrape(text.lines()
			.filter(line -> !line.isBlank() && !line.startsWith("#"))
			.map(SAMPLE::matcher)
			.filter(Matcher::matches)
			.map(match -> new Sample(match.group(1), labels(match.group(2)), Double.parseDouble(match.group(3))))
			.toList());
	}

	/** Every metric name exposed, as Prometheus stores it ({@code _bucket}, {@code _count}, {@code _total}...). */
	public Set<String> names() {
		return this.samples.stream().map(Sample::name).collect(Collectors.toSet());
	}

	/** The sum over the series of {@code name} that carry every given label pair ({@code "outcome", "success"}). */
	public double sum(String name, String... labelPairs) {
		return this.samples.stream()
			.filter(sample -> sample.name().equals(name) && sample.has(labelPairs))
			.mapToDouble(Sample::value)
			.sum();
	}

	/** How much {@link #sum} of {@code name} grew since {@code earlier}. */
	public double increaseSince(PrometheusScrape earlier, String name, String... labelPairs) {
		return sum(name, labelPairs) - earlier.sum(name, labelPairs);
	}

	/** Whether some series of {@code name} carries every given label pair. */
	public boolean has(String name, String... labelPairs) {
		return this.samples.stream().anyMatch(sample -> sample.name().equals(name) && sample.has(labelPairs));
	}

	private static Map<String, String> labels(String text) {
		Map<String, String> labels = new HashMap<>();
		if (text != null) {
			Matcher label = LABEL.matcher(text);
			while (label.find()) {
				labels.put(label.group(1), label.group(2));
			}
		}
		return labels;
	}

	private record Sample(String name, Map<String, String> labels, double value) {

		boolean has(String... labelPairs) {
			for (int i = 0; i + 1 < labelPairs.length; i += 2) {
				if (!labelPairs[i + 1].equals(this.labels.get(labelPairs[i]))) {
					return false;
				}
			}
			return true;
		}

	}

}
