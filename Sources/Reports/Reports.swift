// Module `Reports`: PNG encoder, colour maps, heatmap grids, SVG charts, and the HTML/Markdown
// report that renders `Analysis` results. See DESIGN.md §2.
