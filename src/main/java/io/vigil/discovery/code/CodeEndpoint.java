package io.vigil.discovery.code;

/**
 * An endpoint declared in source code.
 *
 * @param template the path in the one template form every scanner produces: parameters as
 *     {@code {name}} ({@code :id}, {@code <int:id>}, {@code (?P<id>…)} and {@code {id:[0-9]+}} all
 *     become {@code {id}}), a trailing wildcard as {@code {rest*}}
 * @param method upper case, or {@code *} when the code serves every method
 */
public record CodeEndpoint(String language, String framework, String method, String template, String file, int line) {
}
