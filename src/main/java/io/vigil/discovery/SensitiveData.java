package io.vigil.discovery;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises sensitive values in response bodies: email addresses, phone numbers, payment card
 * numbers (Luhn-checked), IBANs (mod-97-checked), national ids (US SSN shape), and secrets and
 * tokens (JWTs, cloud and platform keys, private keys, Vigil API keys, and values of fields named
 * like passwords and secrets). Only the type and the field are ever kept, never the value.
 */
final class SensitiveData {

    static final int MAX_VALUE = 4_096;

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,24}");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9 ()./-]{7,20}|\\(\\d{3}\\) ?\\d{3}-\\d{4}");
    private static final Pattern CARD = Pattern.compile("[0-9][0-9 -]{11,21}[0-9]");
    private static final Pattern IBAN = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9 ]{11,40}");
    /**
     * IBAN length by country (the SWIFT IBAN registry). A country's exact length, not any length
     * from 15 to 34: otherwise one random hex id in about 1,800 (a request id, a hash) passes the
     * mod-97 check once upper-cased.
     */
    private static final java.util.Map<String, Integer> IBAN_LENGTHS = ibanLengths("AD 24 AE 23 AL 28 AT 20 AZ 28 BA 20 BE 16 BG 22 BH 22 BI 27 BR 29 BY 28 CH 21 CR 22 CY 28 CZ 24 DE 22 DJ 27 DK 18 DO 28 EE 20 EG 29 ES 24 FI 18 FK 18 FO 18 FR 27 GB 22 GE 22 GI 23 GL 18 GR 27 GT 28 HN 28 HR 21 HU 28 IE 22 IL 23 IQ 23 IS 26 IT 27 JO 30 KW 30 KZ 20 LB 28 LC 32 LI 21 LT 20 LU 20 LV 21 LY 25 MC 27 MD 24 ME 22 MK 19 MN 20 MR 27 MT 31 MU 30 NI 28 NL 18 NO 15 OM 23 PK 24 PL 28 PS 29 PT 25 QA 29 RO 24 RS 22 RU 33 SA 24 SC 31 SD 18 SE 24 SI 19 SK 24 SM 27 SO 23 ST 25 SV 28 TL 23 TN 24 TR 26 UA 29 VA 22 VG 24 XK 20 YE 30");

    private static java.util.Map<String, Integer> ibanLengths(String table) {
        String[] f = table.split(" ");
        java.util.Map<String, Integer> out = new java.util.HashMap<>();
        for (int i = 0; i < f.length; i += 2) {
            out.put(f[i], Integer.parseInt(f[i + 1]));
        }
        return java.util.Map.copyOf(out);
    }
    private static final Pattern SSN = Pattern.compile("(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");
    private static final Pattern KEYS = Pattern.compile(
            "(?:AKIA|ASIA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{36,}|xox[abprs]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{16,}"
                    + "|vgl_[a-z0-9]{1,16}_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}|AIza[0-9A-Za-z_-]{35}");
    private static final Pattern SECRET_FIELD = Pattern.compile("(?i).*(password|passwd|secret|api_?key|private_?key|access_?token"
            + "|refresh_?token|client_?secret).*");

    private SensitiveData() {
    }

    /** The kind of sensitive data {@code value} is, or null. @param field the value's field name (last path segment) */
    static String classify(String field, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE) {
            return null;
        }
        String v = value.trim();
        if (v.contains("PRIVATE KEY-----") || JWT.matcher(v).matches() || KEYS.matcher(v).matches()) {
            return "secret";
        }
        if (field != null && SECRET_FIELD.matcher(field).matches() && v.length() >= 6) {
            return "secret";
        }
        if (v.length() <= 254 && EMAIL.matcher(v).matches()) {
            return "email";
        }
        if (CARD.matcher(v).matches()) {
            String digits = v.replaceAll("[ -]", "");
            if (digits.length() >= 13 && digits.length() <= 19 && "3456".indexOf(digits.charAt(0)) >= 0 && luhn(digits)) {
                return "card_number";
            }
        }
        if (SSN.matcher(v).matches()) {
            return "national_id";
        }
        String compact = v.replace(" ", "").toUpperCase(Locale.ROOT);
        if (IBAN.matcher(v.toUpperCase(Locale.ROOT)).matches() && compact.length() == IBAN_LENGTHS.getOrDefault(compact.substring(0, 2), 0)
                && iban(compact)) {
            return "iban";
        }
        if (PHONE.matcher(v).matches() && v.replaceAll("\\D", "").length() >= 8) {
            return "phone";
        }
        return null;
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616: move the first four characters to the end, letters to numbers, mod 97 must be 1. */
    static boolean iban(String iban) {
        String moved = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < moved.length(); i++) {
            char c = moved.charAt(i);
            int value = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            if (value < 0 || value > 35) {
                return false;
            }
            remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        }
        return remainder == 1;
    }
}
