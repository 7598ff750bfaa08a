package dev.keyportal.litellm;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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

    /** The names of the models an access group grants, sorted; empty for a name that is no access group. */
    public List<String> modelsIn(String group) {
        if (!isAccessGroup(group)) {
            return List.of();
        }
        return models().stream().filter(m -> m.accessGroups().contains(group)).map(ModelOffer::name).toList();
    }

    /**
     * Every name a key that lists this name would reach: the name itself, the models it grants (an access group's
     * members) and every access group those models belong to. A rule on any of these names applies to the name.
     */
    public Set<String> reachedBy(String name) {
        Set<String> reached = new LinkedHashSet<>();
        reached.add(name);
        List<String> granted = isAccessGroup(name) ? modelsIn(name) : isModel(name) ? List.of(name) : List.of();
        reached.addAll(granted);
        granted.forEach(model -> reached.addAll(models.get(model).accessGroups()));
        return reached;
    }
}
