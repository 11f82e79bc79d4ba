// Why class-insensitive maps go unnoticed on single-object images (paper-digest §6.5, Fig. 1).
// Train the small CNN on synthetic shapes, explain single-object images (every method looks
// right), then explain each of the two classes of two-object images: the z⁺ family draws the
// same map for both. The numbers come from `TwoObjectsLesson` (Sources/Analysis/Lessons), which
// Tests/AnalysisTests/Lessons checks at small settings.
// Usage: two-objects [PNG-DIRECTORY]   (with a directory: heatmaps of the first two-object image)
import BackpropAudit
import Foundation

func fmt(_ x: Double, _ width: Int = 7, _ digits: Int = 3) -> String { String(format: "%\(width).\(digits)f", x) }
func pad(_ s: String, _ width: Int) -> String { s.padding(toLength: width, withPad: " ", startingAt: 0) }

print("""
  TWO OBJECTS
  ===========
  Step 1. Train Network.smallCNN (conv-relu-pool ×2, dense) for 5 epochs on 6400 generated
  single-object images (1600 more held out) plus the 8000 objects of 4000 two-object images shown
  one at a time (the other object painted over), so the network knows the smaller objects too.
  """)
let result = try TwoObjectsLesson.run(trainingImages: 8000, pairTrainingImages: 4000, epochs: 5, images: 300, seed: 1) {
  print("  epoch \($0.epoch): loss \(fmt($0.loss)), training accuracy \(fmt($0.trainAccuracy))")
}
print("""
  held-out accuracy on single-object images: \(fmt(result.heldOutAccuracy))  (chance 0.100)

  Step 2. 300 two-object images: two shapes of different classes in opposite halves. First we paint
  object 2 over with the background, leaving ONE object, and explain its class. The network still
  knows it (accuracy \(fmt(result.singleObjectAccuracy))). Overlap = fraction of the map's top-k pixels
  (k = object size) that fall on the object; 1 = the map sits exactly on the object.

  Step 3. On the full two-object images (both classes in the top-2 logits for \(fmt(result.topTwoAccuracy)) of
  them) we explain class A and then class B, and ask:
    own    – overlap of the class-A map with object A (averaged with B on B);
    other  – overlap of the class-A map with object B (and vice versa);
    SSIM   – median SSIM_flip between the class-A and class-B maps (1 = the same picture).

  method            single-object  │    own   other  own−other     SSIM
  ─────────────────────────────────┼──────────────────────────────────────
  """)
for row in result.rows {
  print(
    "\(pad(row.method, 18)) \(fmt(row.singleObjectOverlap, 12))  │ \(fmt(row.ownOverlap)) \(fmt(row.otherOverlap)) \(fmt(row.overlapGap, 10)) \(fmt(row.mapSimilarity, 8))")
}
let zplus = result.rows.first { $0.method == "lrp-zplus" }!
let gradient = result.rows.first { $0.method == "gradient" }!
print("""
  \(pad("chance level", 18)) \(fmt(result.singleObjectChance, 12))  │ \(fmt(result.twoObjectChance)) \(fmt(result.twoObjectChance))   (random pixel order)

  Reading the table.
  • Single object: every method puts its top pixels on the object more often than chance
    (\(fmt(result.singleObjectChance, 5))). Looking at maps of one-object images, nothing seems wrong, whether the
    map depends on the class or not.
  • Two objects, the SSIM column: LRP-z⁺ and α1β0 (the same rule) draw nearly the same picture
    for both classes (SSIM \(fmt(zplus.mapSimilarity, 5))), the gradient draws two different pictures
    (\(fmt(gradient.mapSimilarity, 5))); LRP-0 (= gradient × input up to bias absorption) and DeepLIFT
    rescale side with the gradient. Theorem 1: the z⁺ backward pass is a product of non-negative
    matrices whose columns align, so the map for class c is f_c(x)·ĉ with ĉ shared by all classes;
    the class only sets the scalar f_c(x), whose sign SSIM_flip ignores. This network has three
    weight layers, so the collapse is only partial, and the input factor x in every z⁺ map adds to
    the likeness.
  • Two objects, the overlap columns: z⁺ has own ≈ other, as a class-independent map must. But on
    this small network no method moves its top pixels far towards the explained object — the
    network itself ranks both classes on top for only \(fmt(result.topTwoAccuracy, 5)) of the images — so here the
    overlaps separate the methods much less than the SSIM does.
  • Guided BP is not linear in the backward signal (Theorem 1 does not apply); on VGG-16 the paper
    finds it class-insensitive, here it sits between the two groups.

  """)

if CommandLine.arguments.count > 1 {
  let directory = URL(fileURLWithPath: CommandLine.arguments[1], isDirectory: true)
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  let size = SyntheticShapes.Size.small
  let image = Tensor(shape: size.shape, scalars: Array(result.images.inputs.scalars[0..<(size.shape.reduce(1, *))]))
  try PNGEncoder().encodeData(HeatmapRenderer.inputImage(image, upscale: 8))
    .write(to: directory.appendingPathComponent("image.png"))
  let names = result.images.labels[0].map { SyntheticShapes.classNames[$0] }
  for row in result.rows {
    let renderer = HeatmapRenderer(
      reduction: HeatmapReduction.paper(forMethod: row.method) == .absMax ? .absMax : .sum,
      colorMap: .coldnhot, upscale: 8)
    for (map, name) in zip(row.exampleMaps, names) {
      let file = "\(row.method)-\(name.replacingOccurrences(of: " ", with: "-")).png"
      try renderer.png(map).write(to: directory.appendingPathComponent(file))
    }
  }
  print("wrote image.png and one heatmap per method and class (\(names.joined(separator: ", "))) to \(directory.path)")
}
