package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CidrSetTest {

    @Test
    void blocksOfEveryLengthInBothFamilies() {
        CidrSet set = CidrSet.parse(List.of("10.0.0.0/8", "192.168.1.7", "172.16.0.0/12", "2001:db8::/32", "2001:db8:ffff::1/128",
                "fe80::/10", "0.0.0.0/0"));
        assertThat(set.contains("10.255.1.2")).isTrue();
        assertThat(set.contains("203.0.113.9")).as("0.0.0.0/0 holds every IPv4 address").isTrue();
        assertThat(set.contains("2001:db8:1::5")).isTrue();
        assertThat(set.contains("2001:db9::1")).isFalse();
        assertThat(set.contains("febf::1")).isTrue();
        assertThat(set.contains("::ffff:192.168.1.7")).as("IPv4-mapped").isTrue();
        assertThat(set.contains("example.com")).isFalse();
        CidrSet narrow = CidrSet.parse(List.of("192.168.1.7", "172.16.0.0/12"));
        assertThat(narrow.contains("192.168.1.8")).isFalse();
        assertThat(narrow.contains("172.31.255.255")).isTrue();
        assertThat(narrow.contains("172.32.0.0")).isFalse();
        assertThat(CidrSet.EMPTY.contains("10.0.0.1")).isFalse();
    }

    @Test
    void aLargeListAgreesWithCheckingEveryBlock() {
        SplittableRandom random = new SplittableRandom(7);
        List<String> entries = new ArrayList<>();
        List<int[]> blocks = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            int address = random.nextInt();
            int prefix = i % 10 == 0 ? 8 + random.nextInt(25) : 32;
            entries.add(dotted(address) + "/" + prefix);
            blocks.add(new int[] {address, prefix});
        }
        CidrSet set = CidrSet.parse(entries);
        for (int i = 0; i < 20_000; i++) {
            int probe = i % 2 == 0 ? blocks.get(random.nextInt(blocks.size()))[0] ^ random.nextInt(4) : random.nextInt();
            boolean expected = false;
            for (int[] b : blocks) {
                int mask = b[1] == 0 ? 0 : -1 << (32 - b[1]);
                if ((probe & mask) == (b[0] & mask)) {
                    expected = true;
                    break;
                }
            }
            assertThat(set.contains(dotted(probe))).as(dotted(probe)).isEqualTo(expected);
        }
    }

    @Test
    void aBadEntryIsNamed() {
        assertThatThrownBy(() -> CidrSet.parse(List.of("10.0.0.0/33"))).hasMessageContaining("'10.0.0.0/33' has an invalid prefix");
        assertThatThrownBy(() -> CidrSet.parse(List.of("tor.example"))).hasMessageContaining("'tor.example' is not an IP address");
    }

    private static String dotted(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }
}
