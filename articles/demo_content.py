"""
A small, original demo newsroom: The Valley Courier, a fictional regional paper.

Every person, place and event below is invented for the demo. Times are given
as hours before the moment the demo is first loaded (negative: in the future).
"""

SOURCES = [
    {
        "name": "Andina",
        "slug": "andina",
        "website": "https://andina.pe/",
        "description": "Peru’s state news agency, whose wire copy we run with credit.",
    },
    {
        "name": "La República",
        "slug": "la-republica",
        "website": "https://larepublica.pe/",
        "description": "National daily; we republish selected reports under agreement.",
    },
    {
        "name": "EFE",
        "slug": "efe",
        "website": "https://www.efe.com/",
        "description": "Spanish international news agency.",
    },
]

# (name, slug, parent slug, position, description)
CATEGORIES = [
    ("Politics", "politics", None, 1, "Councils, elections and the people who run the valley."),
    ("Law & Justice", "law-justice", None, 2, "Courts, policing and the law."),
    ("Coca/Cocaine", "coca-cocaine", "law-justice", 1, "The coca economy and the drug trade."),
    ("Courts", "courts", "law-justice", 2, "Trials and rulings from the regional courts."),
    ("Environment", "environment", None, 3, "Rivers, forests, mining and the climate."),
    ("Economy", "economy", None, 4, "Work, prices and business across the region."),
    (
        "Agriculture",
        "agriculture",
        "economy",
        1,
        "Coffee, cacao, potatoes and the people who grow them.",
    ),
    ("Culture", "culture", None, 5, "Festivals, music, food and the arts."),
]

# (username, public name, slug, bio)
AUTHORS = [
    ("editor", "Lucía Mamani", "lucia-mamani", "Editor of the Courier. Covers regional politics."),
    (
        "writer",
        "Diego Salazar",
        "diego-salazar",
        "Reporter on courts, policing and the coca trade.",
    ),
    (None, "Rosa Huamán", "rosa-huaman", "Environment and agriculture correspondent."),
]

# What each author's page shows besides the bio: role, public email, social links.
AUTHOR_PAGES = {
    "lucia-mamani": ("Editor", "lucia@example.org", "https://mastodon.social/@courier_lucia"),
    "diego-salazar": ("Courts reporter", "diego@example.org", ""),
    "rosa-huaman": ("Environment correspondent", "", "https://bsky.app/profile/rosa.example.org"),
}

ARTICLES = [
    {
        "headline": "Regional elections set for October as council approves calendar",
        "slug": "regional-elections-set-for-october",
        "standfirst": "Candidates have until mid-July to register; the council also agreed "
        "to publish every campaign donation online.",
        "categories": ["politics"],
        "tags": ["Elections", "Regional council", "Transparency"],
        "authors": ["lucia-mamani"],
        "hours_ago": 2,
        "featured": True,
        "caption": "Councillors vote on the election calendar in the chamber in San Isidro.",
        "credit": "Tomás Ccori / The Valley Courier",
        "alt": "Councillors raise their hands in a wood-panelled chamber.",
        "colour": (155, 28, 28),
        # A picture from the media library between two paragraphs: the image of this story.
        "inline_picture": "court-orders-release-of-seized-coca-leaf",
        "body": """
<p>The regional council voted 11 to 2 on Tuesday to hold elections for governor and
councillors on the first Sunday of October, ending weeks of uncertainty over the date.</p>
<h2>What the calendar says</h2>
<p>Parties must register candidates by 15 July. Debates will be broadcast on community
radio in Spanish and Quechua, a first for the valley.</p>
<ul><li>Registration closes: 15 July</li><li>Campaign silence begins: 48 hours before the vote</li>
<li>Results: published ward by ward on election night</li></ul>
<h2>Donations go online</h2>
<p>In a late amendment, councillors agreed that every <strong>campaign donation above
500 soles</strong> will be listed on the council’s website within a week of being received.</p>
<blockquote><p>People have a right to know who pays for the posters on their walls.</p></blockquote>
<p>Two councillors voted against, arguing the registration window is too short for
independent candidates from the highland districts.</p>
""",
    },
    {
        "headline": "Court orders release of seized coca leaf after permits found valid",
        "slug": "court-orders-release-of-seized-coca-leaf",
        "standfirst": "Growers’ association wins its case against the anti-drug police over "
        "four tonnes of legally registered leaf.",
        "categories": ["coca-cocaine", "courts"],
        "tags": ["Coca leaf", "Police", "Growers"],
        "authors": ["diego-salazar"],
        "hours_ago": 6,
        "caption": "Sacks of dried coca leaf in a warehouse at Puerto Ayala.",
        "credit": "Diego Salazar / The Valley Courier",
        "alt": "Stacked green sacks inside a dim warehouse.",
        "colour": (40, 110, 60),
        "body": """
<p>A judge in Puerto Ayala ordered police to return four tonnes of coca leaf seized in
March, ruling that the growers held valid registrations with the national coca company.</p>
<h2>A dispute over paperwork</h2>
<p>Officers had argued the permits were issued for a different district. The court found
the error was the registry’s, not the growers’.</p>
<h2>What happens next</h2>
<p>The police have ten days to appeal. The growers’ association said it would ask for
compensation for leaf that <em>spoiled in storage</em>.</p>
""",
    },
    {
        "headline": "River levels fall to a 30-year low as dry season bites",
        "slug": "river-levels-fall-to-30-year-low",
        "standfirst": "Boat services to the lower valley are suspended and farmers are "
        "rationing irrigation water.",
        "categories": ["environment"],
        "tags": ["Drought", "Rivers", "Climate"],
        "authors": ["rosa-huaman"],
        "hours_ago": 10,
        "caption": "Exposed sandbanks on the Río Claro near Santa Ana.",
        "credit": "Rosa Huamán / The Valley Courier",
        "alt": "A wide river bed with a narrow stream of water and dry sandbanks.",
        "colour": (30, 90, 140),
        "body": """
<p>The Río Claro measured 1.2 metres at the Santa Ana gauge on Monday, the lowest reading
since records began in 1994.</p>
<h2>Transport cut off</h2>
<p>River boats that carry passengers and produce to the lower valley have stopped running.
The regional government has promised a temporary bus service.</p>
<h3>Advice for households</h3>
<ol><li>Store drinking water in covered containers.</li><li>Report broken pipes to the
water board.</li><li>Do not burn dry fields: fire risk is extreme.</li></ol>
""",
    },
    {
        "headline": "Coffee co-operative ships first direct export to Europe",
        "slug": "coffee-cooperative-ships-first-direct-export",
        "standfirst": "Forty families in Alto Verde cut out the middlemen and expect to earn "
        "a third more per kilo.",
        "categories": ["agriculture"],
        "tags": ["Coffee", "Exports", "Co-operatives"],
        "authors": ["rosa-huaman"],
        "hours_ago": 20,
        "caption": "Members of the Alto Verde co-operative load the first container.",
        "credit": "Rosa Huamán / The Valley Courier",
        "alt": "Farmers carry jute sacks of coffee towards a shipping container.",
        "colour": (110, 70, 40),
        "body": """
<p>A container of washed arabica left Alto Verde on Friday bound for Hamburg, the first
time the co-operative has sold directly to a foreign roaster.</p>
<h2>Why it matters</h2>
<p>Until now, members sold to traders in town at prices set on the day. The new contract
fixes a price for the whole harvest.</p>
<p>Read the co-operative’s <a href="https://example.org/alto-verde">harvest report</a>.</p>
""",
    },
    {
        "headline": "Minimum wage rise takes effect across the region",
        "slug": "minimum-wage-rise-takes-effect",
        "standfirst": "The increase of 8 per cent applies to formal jobs; most of the valley’s "
        "workers are informal and will not see it.",
        "categories": ["economy"],
        "tags": ["Wages", "Jobs"],
        "source": "andina",
        "byline": "Andina",
        "hours_ago": 28,
        "caption": "Shoppers at the central market in San Isidro.",
        "credit": "Andina",
        "alt": "Market stalls piled with fruit under striped awnings.",
        "colour": (170, 120, 20),
        "body": """
<p>The national minimum wage rose by 8 per cent on Monday, the labour ministry said.</p>
<h2>Who benefits</h2>
<p>The ministry estimates that one in four workers in the region holds a formal contract.</p>
""",
    },
    {
        "headline": "Former mayor goes on trial over bridge contract",
        "slug": "former-mayor-goes-on-trial-over-bridge-contract",
        "standfirst": "Prosecutors say the contract for the Santa Ana bridge was awarded "
        "to a company set up three weeks earlier.",
        "categories": ["courts", "politics"],
        "tags": ["Corruption", "Regional council", "Public works"],
        "authors": ["diego-salazar"],
        "hours_ago": 34,
        "caption": "The unfinished Santa Ana bridge, two years after work stopped.",
        "credit": "Tomás Ccori / The Valley Courier",
        "alt": "Concrete bridge pillars standing in a river with no deck between them.",
        "colour": (80, 80, 90),
        "body": """
<p>The trial of the former mayor of Santa Ana opened on Wednesday with prosecutors
describing a contract that “existed on paper only”.</p>
<h2>The charges</h2>
<p>He is accused of collusion and embezzlement. He denies both.</p>
<h2>The bridge today</h2>
<p>Residents still cross the river by boat or by a footbridge built by volunteers.</p>
""",
    },
    {
        "headline": "Patron saint festival returns with record crowds",
        "slug": "patron-saint-festival-returns-with-record-crowds",
        "standfirst": "Dancers from 60 villages filled the plaza for three days of music, "
        "processions and food.",
        "categories": ["culture"],
        "tags": ["Festivals", "Music", "Dance"],
        "authors": ["lucia-mamani"],
        "hours_ago": 50,
        "caption": "Dancers in embroidered costumes cross the main plaza.",
        "credit": "Tomás Ccori / The Valley Courier",
        "alt": "Dancers in bright red and gold costumes move in a line across a plaza.",
        "colour": (190, 60, 120),
        "body": """
<p>The festival of the Virgen de la Candelaria drew an estimated 40,000 visitors, the
largest crowd since the event was revived.</p>
<h2>A new generation</h2>
<p>More than half of this year’s dance troupes were led by people under 30.</p>
""",
    },
    {
        "headline": "Anti-drug police dismantle cocaine laboratory near the border",
        "slug": "police-dismantle-cocaine-laboratory",
        "standfirst": "Officers destroyed chemicals and equipment; no arrests were made.",
        "categories": ["coca-cocaine"],
        "tags": ["Police", "Drug trade"],
        "source": "la-republica",
        "byline": "La República",
        "hours_ago": 60,
        "caption": "Police inspect equipment at the site.",
        "credit": "La República",
        "alt": "Police officers in uniform stand beside blue plastic drums in a forest clearing.",
        "colour": (60, 60, 40),
        "body": """
<p>Anti-drug police destroyed a laboratory used to process coca paste in a remote area
near the border, the force said in a statement.</p>
<p>Officers found drums of chemicals and drying racks. The operators had fled.</p>
""",
    },
    {
        "headline": "Mining company fined for polluting Río Claro tributary",
        "slug": "mining-company-fined-for-polluting-tributary",
        "standfirst": "The environmental regulator found arsenic levels ten times the legal "
        "limit downstream of the tailings dam.",
        "categories": ["environment", "law-justice"],
        "tags": ["Mining", "Rivers", "Pollution"],
        "authors": ["rosa-huaman", "diego-salazar"],
        "hours_ago": 75,
        "caption": "Discoloured water below the tailings dam at Cerro Pardo.",
        "credit": "Rosa Huamán / The Valley Courier",
        "alt": "Orange-brown water flowing over rocks below an earth dam.",
        "colour": (150, 90, 30),
        "body": """
<p>The regulator fined the operator of the Cerro Pardo mine the equivalent of two million
soles after tests found arsenic in a stream used by three villages.</p>
<h2>The tests</h2>
<p>Samples were taken by the regulator and by an independent laboratory hired by the
villages. Both found levels far above the limit.</p>
<h2>The company’s response</h2>
<p>The company said it would appeal and had already repaired a leaking pipe.</p>
""",
    },
    {
        "headline": "Cacao growers switch from coca with help of new processing plant",
        "slug": "cacao-growers-switch-from-coca",
        "standfirst": "A plant that ferments and dries beans on site has persuaded 200 farmers "
        "to replant their plots.",
        "categories": ["agriculture", "coca-cocaine"],
        "tags": ["Cacao", "Coca leaf", "Growers", "Co-operatives"],
        "authors": ["rosa-huaman"],
        "kind": "analysis",
        "hours_ago": 96,
        "caption": "Cacao pods drying at the new plant in Alto Verde.",
        "credit": "Rosa Huamán / The Valley Courier",
        "alt": "Split cacao pods with white pulp laid out on wooden racks.",
        "colour": (120, 50, 30),
        "body": """
<p>Two years after it opened, the processing plant in Alto Verde buys beans from more than
200 farmers, many of whom used to grow coca.</p>
<h2>Steady prices</h2>
<p>Farmers say a guaranteed price matters more than a high one.</p>
""",
    },
    {
        "headline": "Storm damage closes highland road for a week",
        "slug": "storm-damage-closes-highland-road",
        "standfirst": "A landslide buried 200 metres of the road to Pampa Alta; engineers "
        "expect to reopen one lane on Friday.",
        "categories": ["environment"],
        "tags": ["Roads", "Climate"],
        "source": "efe",
        "byline": "EFE",
        "hours_ago": 120,
        "caption": "Machinery clears the landslide on the Pampa Alta road.",
        "credit": "EFE",
        "alt": "A yellow excavator digs into mud and rock covering a mountain road.",
        "colour": (90, 110, 120),
        "body": """
<p>Heavy rain triggered a landslide on Sunday night that cut the only road to Pampa Alta.</p>
<p>No one was hurt. Supplies are being carried in on foot.</p>
""",
    },
    {
        "headline": "Council agrees to open its meetings to live streaming",
        "slug": "council-agrees-to-live-streaming",
        "standfirst": "From next month every session of the regional council will be streamed "
        "and archived online.",
        "categories": ["politics"],
        "tags": ["Regional council", "Transparency"],
        "authors": ["lucia-mamani"],
        "hours_ago": 150,
        "caption": "A camera set up at the back of the council chamber.",
        "credit": "Tomás Ccori / The Valley Courier",
        "alt": "A video camera on a tripod facing a row of desks.",
        "colour": (60, 40, 120),
        "body": """
<p>The council voted unanimously to stream its sessions, a step campaigners have asked for
since 2019.</p>
<h2>Archive</h2>
<p>Recordings will be kept online for at least five years.</p>
""",
    },
    {
        "headline": "Valley’s first women’s football league kicks off",
        "slug": "womens-football-league-kicks-off",
        "standfirst": "Eight teams, a borrowed pitch and a season that ends in December.",
        "categories": ["culture"],
        "tags": ["Sport", "Football"],
        "authors": ["diego-salazar"],
        "hours_ago": 200,
        "caption": "Players warm up before the opening match in San Isidro.",
        "credit": "Diego Salazar / The Valley Courier",
        "alt": "Young women in blue and white kit stretch on a grass pitch.",
        "colour": (20, 120, 130),
        "body": """
<p>The first match of the valley’s women’s league ended 2–1 in front of several hundred
spectators.</p>
""",
    },
    {
        "headline": "Draft: water board budget under review",
        "slug": "water-board-budget-under-review",
        "standfirst": "Notes for a story on the water board’s spending.",
        "categories": ["economy"],
        "tags": ["Water"],
        "authors": ["diego-salazar"],
        "status": "draft",
        "body": "<p>To be written after the board publishes its accounts.</p>",
    },
    {
        "headline": "Hospital waiting lists grow as specialists leave",
        "slug": "hospital-waiting-lists-grow",
        "standfirst": "Three of the regional hospital’s five surgeons have left in a year.",
        "categories": ["politics"],
        "tags": ["Health"],
        "authors": ["diego-salazar"],
        "status": "review",
        "body": "<p>Waiting lists for surgery at the regional hospital have doubled.</p>"
        "<h2>Why doctors leave</h2><p>Pay and housing, they say.</p>",
    },
    {
        "headline": "Election debate schedule announced",
        "slug": "election-debate-schedule-announced",
        "standfirst": "Four debates, two of them in Quechua, will be broadcast on community radio.",
        "categories": ["politics"],
        "tags": ["Elections"],
        "authors": ["lucia-mamani"],
        "hours_ago": -48,
        "body": "<p>The electoral committee announced four debates between the candidates for "
        "governor.</p>",
    },
]
