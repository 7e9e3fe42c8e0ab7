package io.vigil.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ClientHello reading and the JA3 / JA4 fingerprints, against a browser's published ClientHello
 * (Chrome 143: its JA4 and JA3 as fingerprinting services report them), rebuilt here byte by byte
 * with GREASE values where Chrome puts them.
 */
class ClientHelloTest {

    static final int GREASE_A = 0x2a2a;
    static final int GREASE_B = 0xbaba;
    static final int[] CHROME_CIPHERS = {GREASE_A, 4865, 4866, 4867, 49195, 49199, 49196, 49200, 52393, 52392, 49171,
        49172, 156, 157, 47, 53};
    static final int[] CHROME_EXTENSIONS = {GREASE_A, 45, 51, 16, 65037, 23, 17613, 0, 11, 10, 43, 65281, 35, 18, 5, 13,
        27, GREASE_B};

    @Test
    void chromesHelloGivesItsPublishedFingerprints() {
        ClientHello hello = parse(chromeHello(CHROME_EXTENSIONS));
        TlsFingerprint fingerprint = TlsFingerprint.of(hello);
        assertThat(TlsFingerprint.ja3Text(hello)).isEqualTo("771,4865-4866-4867-49195-49199-49196-49200-52393-52392-"
                + "49171-49172-156-157-47-53,45-51-16-65037-23-17613-0-11-10-43-65281-35-18-5-13-27,4588-29-23-24,0");
        assertThat(fingerprint.ja3()).isEqualTo("98487aa16281980e7d1120d399efb6a4");
        assertThat(TlsFingerprint.ja4CiphersText(hello))
                .isEqualTo("002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9");
        assertThat(TlsFingerprint.ja4ExtensionsText(hello)).isEqualTo("0005,000a,000b,000d,0012,0017,001b,0023,002b,"
                + "002d,0033,44cd,fe0d,ff01_0403,0804,0401,0503,0805,0501,0806,0601");
        assertThat(fingerprint.ja4()).isEqualTo("t13d1516h2_8daaf6152771_d8a2da3f94cd");
    }

    @Test
    void shufflingExtensionsChangesJa3ButNotJa4() {
        // Chrome permutes its extensions on every connection: JA3 follows the order, JA4 sorts.
        TlsFingerprint first = TlsFingerprint.of(parse(chromeHello(CHROME_EXTENSIONS)));
        List<Integer> order = new ArrayList<>();
        for (int e : CHROME_EXTENSIONS) {
            order.add(e);
        }
        Collections.shuffle(order, new Random(7));
        TlsFingerprint shuffled = TlsFingerprint.of(parse(chromeHello(order.stream().mapToInt(i -> i).toArray())));
        assertThat(shuffled.ja4()).isEqualTo(first.ja4());
        assertThat(shuffled.ja3()).isNotEqualTo(first.ja3());
    }

    @Test
    void noServerNameNoAlpnAndTls12AreVisibleInJa4() {
        int[] extensions = {10, 11, 13, 23, 65281};
        ByteBuf hello = hello(0x0303, new int[] {49195, 49199}, extensions, null, false, new int[0]);
        TlsFingerprint fingerprint = TlsFingerprint.of(parse(hello));
        assertThat(fingerprint.ja4()).startsWith("t12i020500_");
        // A first ALPN value that is not alphanumeric at both ends: the first and last hex digits.
        TlsFingerprint odd = TlsFingerprint.of(parse(hello(0x0303, new int[] {49195}, new int[] {16}, "h2-\u00ab",
                true, new int[0])));
        assertThat(odd.ja4()).startsWith("t12i01016b_");
        // Only ALPN, which the extension hash leaves out, and no signature algorithms: all zeros.
        assertThat(odd.ja4()).endsWith("_000000000000");
    }

    @Test
    void incompleteRecordsWaitAndOtherBytesAreNotAHello() {
        ByteBuf whole = chromeHello(CHROME_EXTENSIONS);
        for (int cut : new int[] {0, 3, 5, 40, whole.readableBytes() - 1}) {
            assertThat(ClientHello.read(whole.slice(0, cut))).as("cut at %d", cut).isInstanceOf(ClientHello.NeedMore.class);
        }
        assertThat(ClientHello.read(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII)))
                .isInstanceOf(ClientHello.NotAHello.class);
        // A record header announcing more than TLS allows is not waited for.
        assertThat(ClientHello.read(Unpooled.wrappedBuffer(new byte[] {22, 3, 1, (byte) 0x7f, (byte) 0xff})))
                .isInstanceOf(ClientHello.NotAHello.class);
        assertThat(whole.readerIndex()).as("reading moves nothing").isZero();
    }

    @Test
    void garbageInsideARecordIsRefusedWithoutAnException() {
        Random random = new Random(42);
        ByteBuf template = chromeHello(CHROME_EXTENSIONS);
        byte[] bytes = new byte[template.readableBytes()];
        template.getBytes(0, bytes);
        for (int i = 0; i < 20_000; i++) {
            byte[] mutated = bytes.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                // Keep the record header, so the parser is what meets the damage.
                mutated[5 + random.nextInt(mutated.length - 5)] = (byte) random.nextInt(256);
            }
            ClientHello.Read read = ClientHello.read(Unpooled.wrappedBuffer(mutated));
            assertThat(read).isNotInstanceOf(ClientHello.NeedMore.class);
            if (read instanceof ClientHello.Parsed parsed) {
                assertThat(TlsFingerprint.of(parsed.hello()).ja4()).hasSize(36);
            }
        }
    }

    static ClientHello parse(ByteBuf record) {
        ClientHello.Read read = ClientHello.read(record);
        assertThat(read).isInstanceOf(ClientHello.Parsed.class);
        return ((ClientHello.Parsed) read).hello();
    }

    static ByteBuf chromeHello(int[] extensionOrder) {
        return hello(0x0303, CHROME_CIPHERS, extensionOrder, "h2", true, new int[] {GREASE_B, 0x0304, 0x0303});
    }

    /** A ClientHello record with the given fields; extensions this test does not model are empty. */
    static ByteBuf hello(int legacyVersion, int[] ciphers, int[] extensions, String alpn, boolean sni, int[] versions) {
        ByteBuf body = Unpooled.buffer();
        body.writeShort(legacyVersion);
        body.writeBytes(new byte[32]);                    // random
        body.writeByte(32).writeBytes(new byte[32]);      // session id
        body.writeShort(ciphers.length * 2);
        for (int c : ciphers) {
            body.writeShort(c);
        }
        body.writeByte(1).writeByte(0);                   // null compression
        ByteBuf all = Unpooled.buffer();
        for (int type : extensions) {
            ByteBuf data = Unpooled.buffer();
            switch (type) {
                case 0 -> {
                    if (!sni) {
                        continue;
                    }
                    byte[] name = "example.com".getBytes(StandardCharsets.US_ASCII);
                    data.writeShort(name.length + 3).writeByte(0).writeShort(name.length).writeBytes(name);
                }
                case 10 -> u16List(data, new int[] {GREASE_B, 4588, 29, 23, 24});
                case 11 -> data.writeByte(1).writeByte(0);
                case 13 -> u16List(data, new int[] {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601});
                case 16 -> {
                    byte[] first = alpn.getBytes(StandardCharsets.ISO_8859_1);
                    byte[] second = "http/1.1".getBytes(StandardCharsets.US_ASCII);
                    data.writeShort(first.length + second.length + 2).writeByte(first.length).writeBytes(first)
                            .writeByte(second.length).writeBytes(second);
                }
                case 43 -> {
                    data.writeByte(versions.length * 2);
                    for (int v : versions) {
                        data.writeShort(v);
                    }
                }
                default -> {
                }
            }
            all.writeShort(type).writeShort(data.readableBytes()).writeBytes(data);
        }
        body.writeShort(all.readableBytes()).writeBytes(all);
        ByteBuf record = Unpooled.buffer();
        record.writeByte(22).writeShort(0x0301).writeShort(body.readableBytes() + 4);
        record.writeByte(1).writeMedium(body.readableBytes()).writeBytes(body);
        return record;
    }

    static void u16List(ByteBuf data, int[] values) {
        data.writeShort(values.length * 2);
        for (int v : values) {
            data.writeShort(v);
        }
    }
}
