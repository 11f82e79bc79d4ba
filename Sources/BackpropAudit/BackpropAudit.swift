// The umbrella module: `import BackpropAudit` brings every public module.
@_exported import Matrices
@_exported import Networks
@_exported import Symbolic
@_exported import Rules
@_exported import Analysis
@_exported import Reports
