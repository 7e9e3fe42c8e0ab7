package io.vigil.authz;

import io.vigil.server.CidrSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The top-level {@code networks:} lists: a tag per named list of CIDR blocks. A client address
 * carries every tag whose list contains it ({@code 'corporate' in network.tags}).
 */
public final class NetworkTags {

    public static final NetworkTags NONE = new NetworkTags(Map.of());

    private final String[] names;
    private final CidrSet[] sets;

    public NetworkTags(Map<String, CidrSet> lists) {
        Map<String, CidrSet> ordered = new LinkedHashMap<>(lists);
        this.names = ordered.keySet().toArray(String[]::new);
        this.sets = ordered.values().toArray(CidrSet[]::new);
    }

    /** The tags of an address, in config order; empty for none (or for a non-IP). */
    public List<String> of(String address) {
        List<String> tags = null;
        for (int i = 0; i < sets.length; i++) {
            if (sets[i].contains(address)) {
                if (tags == null) {
                    tags = new ArrayList<>(2);
                }
                tags.add(names[i]);
            }
        }
        return tags == null ? List.of() : tags;
    }
}
