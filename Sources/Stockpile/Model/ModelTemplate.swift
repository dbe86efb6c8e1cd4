/// The starting model `stockpile init` writes: a commented YAML file and a workbook
/// holding the same example, each of which plans as it is.
///
/// Two materials, five offers and a cap on China; worked out by hand: cobalt needs
/// 90 x 10 - 500 = 400 t, at most half of it (200 t) from the cheapest offer (China,
/// 28,000) and the rest from DR Congo (30,000): 11.6M; lithium needs 60 x 20 - 1,000 =
/// 200 t, 150 t from Chile (10,000) and 50 t from Australia (11,000): 2.05M. Total
/// 13.65M USD, within the 50M budget.
public enum ModelTemplate {
    /// File names `init` writes.
    public static let yamlName = "model.yaml"
    public static let workbookName = "model.xlsx"

    /// The model as a commented YAML file.
    public static let yaml = """
        # A Stockpile model: what to hold, who offers it, and the rules.
        # Plan it with `stockpile plan model.yaml`; see docs/spreadsheets.md for the same
        # model as a workbook (model.xlsx), and the README's "Model files" for every field.
        name: My strategic reserve
        currency: USD
        budget: 5.0e7            # optional: most to spend on all purchases (currency units)

        materials:
          - id: cobalt           # the name offers and caps use
            name: Cobalt metal
            unit: t
            stock: 500           # held now (units)
            daily_use: 10        # consumption (units per day)
            target_days: 90      # hold stock + purchases >= 90 days of use (or `target: 900` units)
          - id: lithium
            name: Lithium carbonate
            unit: t
            stock: 1000
            daily_use: 20
            target_days: 60

        offers:                  # or a file: `offers: offers.csv`, `offers: offers.xlsx`
          - {id: co-cd, supplier: Example Mining, country: CD, material: cobalt, price: 30000, capacity: 300}
          - {id: co-au, supplier: Example Metals, country: AU, material: cobalt, price: 33000, capacity: 300}
          - {id: co-cn, supplier: Example Refining, country: CN, material: cobalt, price: 28000, capacity: 1000}
          - {id: li-cl, supplier: Example Lithium, country: CL, material: lithium, price: 10000, capacity: 150}
          - {id: li-au, supplier: Example Spodumene, country: AU, material: lithium, price: 11000, capacity: 500}
          # price: currency units per unit; capacity: most units (absent = unlimited)

        caps:
          - country: CN          # a country code, or a group name (see `groups`)
            max_share: 0.5       # at most half of each material bought from China

        """

    /// The same model as workbook sheets (Settings, Materials, Offers, Caps).
    public static var workbook: Workbook {
        func text(_ values: String...) -> [WorkbookCell] { values.map { .text($0) } }
        let offers: [(String, String, String, String, Double, Double)] = [
            ("co-cd", "Example Mining", "CD", "cobalt", 30000, 300),
            ("co-au", "Example Metals", "AU", "cobalt", 33000, 300),
            ("co-cn", "Example Refining", "CN", "cobalt", 28000, 1000),
            ("li-cl", "Example Lithium", "CL", "lithium", 10000, 150),
            ("li-au", "Example Spodumene", "AU", "lithium", 11000, 500),
        ]
        return Workbook(sheets: [
            WorkbookSheet(
                name: "Settings",
                rows: [
                    text("field", "value"), text("name", "My strategic reserve"), text("currency", "USD"), [.text("budget"), .number(5e7, .integer)],
                ],
                columnWidths: [12, 24]),
            WorkbookSheet(
                name: "Materials",
                rows: [text("id", "name", "unit", "stock", "daily_use", "target_days")]
                    + [("cobalt", "Cobalt metal", 500.0, 10.0, 90.0), ("lithium", "Lithium carbonate", 1000, 20, 60)].map {
                        id, name, stock, use, days in
                        [.text(id), .text(name), .text("t"), .number(stock), .number(use), .number(days)]
                    },
                columnWidths: [12, 20, 6, 10, 10, 12]),
            WorkbookSheet(
                name: "Offers",
                rows: [text("id", "supplier", "country", "material", "price", "capacity")]
                    + offers.map { id, supplier, country, material, price, capacity in
                        [.text(id), .text(supplier), .text(country), .text(material), .number(price, .integer), .number(capacity)]
                    },
                columnWidths: [10, 20, 9, 10, 10, 10]),
            WorkbookSheet(name: "Caps", rows: [text("country", "max_share"), [.text("CN"), .number(0.5, .percent)]], columnWidths: [9, 11]),
        ])
    }
}
