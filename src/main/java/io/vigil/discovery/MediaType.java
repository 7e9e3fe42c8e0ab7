package io.vigil.discovery;

import java.util.Locale;

/** The media type of a {@code Content-Type} value as the inventory keeps it: {@code type/subtype}, lower-case, no parameters. */
final class MediaType {

    private static final int MAX_LENGTH = 100;

    private MediaType() {
    }

    /** {@code Application/JSON; charset=utf-8} → {@code application/json}; null when it is no media type. */
    static String of(String contentType) {
        if (contentType == null) {
            return null;
        }
        int end = contentType.indexOf(';');
        String type = (end < 0 ? contentType : contentType.substring(0, end)).trim().toLowerCase(Locale.ROOT);
        int slash = type.indexOf('/');
        if (type.length() > MAX_LENGTH || slash <= 0 || slash == type.length() - 1 || type.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        for (int i = 0; i < type.length(); i++) {
            if (i != slash && !token(type.charAt(i))) {
                return null;
            }
        }
        return type;
    }

    /** RFC 9110 token characters. */
    private static boolean token(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
