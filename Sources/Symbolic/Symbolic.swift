/// The rule language: expressions over indexed layer quantities (see README.md).
public enum Symbolic {}
