import BackpropAudit

print("train-and-trace: coming with the training engine")
