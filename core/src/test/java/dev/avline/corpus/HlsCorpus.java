package dev.avline.corpus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every corpus case, in table order. */
final class HlsCorpus {
    private HlsCorpus() {
    }

    static List<CorpusCase> cases() {
        List<CorpusCase> all = new ArrayList<>();
        all.addAll(RfcCases.all());
        all.addAll(AppleCases.all());
        all.addAll(PackagerCases.all());
        all.addAll(QuirkCases.all());
        all.addAll(FailureCases.all());
        all.addAll(ServerCases.all());
        Set<String> ids = new HashSet<>();
        for (CorpusCase c : all) {
            if (!ids.add(c.id())) throw new IllegalStateException("two cases named " + c.id());
        }
        return all;
    }
}
