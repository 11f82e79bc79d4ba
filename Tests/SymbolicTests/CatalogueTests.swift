import Symbolic
import Testing

/// The catalogue's names: every method name of `bpaudit attribute` (issue #4 item 5) that is a
/// rule resolves to a catalogue entry, a composite or a built-in, and every reference inside the
/// catalogue resolves.
@Suite struct CatalogueTests {
  static let commandNames = [
    "gradient", "lrp-0", "lrp-epsilon", "lrp-gamma", "lrp-zplus", "lrp-alpha-beta", "lrp-alpha1-beta0",
    "lrp-alpha2-beta1", "lrp-alpha5-beta4", "lrp-zb", "lrp-wsquare", "lrp-flat", "lrp-cmp-alpha1-beta0",
    "lrp-cmp-alpha2-beta1", "dtd", "excitation-bp", "pattern-net", "pattern-attribution", "deeplift-rescale",
    "deeplift-reveal-cancel", "deeplift-ablation", "deconv", "guided-backprop", "rectgrad",
  ]

  @Test func everyRuleMethodNameResolves() {
    for name in Self.commandNames {
      let found = RuleCatalogue.entry(name) != nil || RuleCatalogue.composite(name) != nil || RuleCatalogue.builtIn(name) != nil
      #expect(found, "\(name)")
    }
  }

  @Test func aliasesPointAtEntriesAndCommandNamesRoundTrip() {
    for (alias, id) in RuleCatalogue.aliases {
      #expect(RuleCatalogue.entry(alias)?.id == id, "\(alias)")
      #expect(RuleCatalogue.entry(id)?.commandName == alias, "\(id)")
    }
    #expect(Set(RuleCatalogue.all.map(\.commandName)).count == RuleCatalogue.all.count)
  }

  @Test func compositePartsAndBuiltInBasesResolve() {
    for composite in RuleCatalogue.composites {
      #expect(!composite.parts.isEmpty)
      #expect(composite.parts.allSatisfy { RuleCatalogue.entry($0.entry.id) != nil })
    }
    #expect(RuleCatalogue.composite("dtd")?.parts.map(\.entry.id) == ["dtd.zb", "lrp-alpha1-beta0", "dtd.w2"])
    // lrp-zb is zᴮ below ε (the registry's method), not an alias of the rule dtd.zb.
    #expect(RuleCatalogue.composite("lrp-zb")?.parts.map(\.entry.id) == ["dtd.zb", "lrp.epsilon"])
    #expect(RuleCatalogue.entry("lrp-zb") == nil)
    #expect(RuleCatalogue.composite("lrp-cmp-alpha2-beta1")?.allDefaults["eps"] == 1e-10)
    for builtIn in RuleCatalogue.builtIns { #expect(RuleCatalogue.entry(builtIn.base) != nil) }
  }
}
