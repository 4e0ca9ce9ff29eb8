/// A part of the screen that draws itself into the rectangle it is given (DESIGN, "The UI core", after
/// ratatui's widgets): `Screen` only splits the screen into rectangles and hands them down.
protocol View {
    func render(in area: Rect, into frame: inout Frame)
}
