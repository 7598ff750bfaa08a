package dev.keyportal.litellm;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code /model/info} says the proxy offers: model names (one entry per name, deployments merged) and
 * access groups. A key's {@code models} may name either.
 */
public final class ModelCatalog {

    private final Map<String, ModelOffer> models;
    private final Set<String> accessGroups;

    public ModelCatalog(Collection<ModelOffer> offers) {
        Map<String, ModelOffer> byName = new LinkedHashMap<>();
        Set<String> groups = new TreeSet<>();
        for (ModelOffer offer : offers) {
            byName.merge(offer.name(), offer, (a, b) -> a);
            groups.addAll(offer.accessGroups());
        }
        this.models = Map.copyOf(byName);
        this.accessGroups = Set.copyOf(groups);
    }

    /** Model offers sorted by name. */
    public List<ModelOffer> models() {
        return models.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    /** Access group names sorted. */
    public List<String> accessGroups() {
        return accessGroups.stream().sorted().toList();
    }

    public boolean isModel(String name) {
        return models.containsKey(name);
    }

    public boolean isAccessGroup(String name) {
        return accessGroups.contains(name);
    }

    /** True when the name is a model or an access group the proxy knows (names are case-sensitive). */
    public boolean offers(String name) {
        return isModel(name) || isAccessGroup(name);
    }

    /** The access groups a name belongs to; for an access group name, the group itself. */
    public Set<String> groupsOf(String name) {
        if (isAccessGroup(name)) {
            return Set.of(name);
        }
        ModelOffer offer = models.get(name);
        return offer == null ? Set.of() : Set.copyOf(offer.accessGroups());
    }

    /** The models a name grants: the model itself, or every member of an access group. */
    public List<ModelOffer> expand(String name) {
        if (isModel(name)) {
            return List.of(models.get(name));
        }
        return models().stream().filter(m -> m.accessGroups().contains(name)).toList();
    }
}
