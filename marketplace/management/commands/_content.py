"""Word lists and texts for demo_data and generate_jobs. Plain prose only: the trust guard must accept all of it."""
from __future__ import annotations

CATEGORIES = [
    ("Web development", "web-development"),
    ("Mobile apps", "mobile-apps"),
    ("Design", "design"),
    ("Writing", "writing"),
    ("Data and analytics", "data-analytics"),
    ("Marketing", "marketing"),
    ("DevOps and cloud", "devops-cloud"),
]

SKILLS = [
    ("Django", "django"), ("Python", "python"), ("React", "react"), ("JavaScript", "javascript"),
    ("TypeScript", "typescript"), ("PostgreSQL", "postgresql"), ("REST APIs", "rest-apis"), ("Figma", "figma"),
    ("Logo design", "logo-design"), ("UX research", "ux-research"), ("Copywriting", "copywriting"),
    ("SEO", "seo"), ("Flutter", "flutter"), ("iOS", "ios"), ("Android", "android"), ("Docker", "docker"),
    ("AWS", "aws"), ("Data analysis", "data-analysis"), ("Machine learning", "machine-learning"),
    ("Technical writing", "technical-writing"), ("WordPress", "wordpress"), ("Shopify", "shopify"),
]

# Which skills and words go with which category (drives the generator's realism).
CATEGORY_SKILLS = {
    "web-development": ["django", "python", "react", "javascript", "typescript", "postgresql", "rest-apis",
                        "wordpress", "shopify"],
    "mobile-apps": ["flutter", "ios", "android", "react", "rest-apis", "typescript"],
    "design": ["figma", "logo-design", "ux-research"],
    "writing": ["copywriting", "technical-writing", "seo"],
    "data-analytics": ["python", "data-analysis", "machine-learning", "postgresql"],
    "marketing": ["seo", "copywriting", "shopify"],
    "devops-cloud": ["docker", "aws", "postgresql", "python"],
}

CATEGORY_WORDS = {
    "web-development": ["api", "dashboard", "booking system", "checkout", "admin panel", "web app", "backend",
                        "frontend", "integration", "migration", "payments flow", "customer portal", "search page"],
    "mobile-apps": ["mobile app", "push notifications", "offline mode", "onboarding flow", "app store release",
                    "api", "login screen", "map view", "chat screen"],
    "design": ["logo", "brand identity", "landing page design", "wireframes", "design system", "icon set",
               "prototype", "user interviews", "style guide"],
    "writing": ["blog posts", "product descriptions", "newsletter", "documentation", "case studies",
                "landing page copy", "user guide", "press release"],
    "data-analytics": ["dashboard", "forecast model", "data pipeline", "report", "customer segmentation",
                       "churn analysis", "recommendation engine", "data cleaning"],
    "marketing": ["seo audit", "content plan", "product listings", "keyword research", "email campaign",
                  "social media calendar"],
    "devops-cloud": ["ci pipeline", "kubernetes cluster", "monitoring", "backups", "infrastructure as code",
                     "server migration", "cost review", "api gateway"],
}

BUSINESSES = [
    "yoga studio", "bakery", "dental clinic", "law firm", "coffee roaster", "bike shop", "language school",
    "architecture studio", "nonprofit", "veterinary practice", "boutique hotel", "fitness startup",
    "online bookstore", "craft brewery", "property manager", "music school", "travel agency", "florist",
    "logistics company", "fintech startup", "food delivery service", "furniture maker", "photography studio",
]

# What the person doing the work is called, per category ("Figma designer", "SEO writer").
CATEGORY_ROLES = {
    "web-development": "developer", "mobile-apps": "developer", "design": "designer", "writing": "writer",
    "data-analytics": "analyst", "marketing": "marketer", "devops-cloud": "engineer",
}

TITLE_PATTERNS = [
    "{Skill} {role} for {a_word}",
    "Build {a_word} for our {business}",
    "{Skill} expert needed: {word}",
    "Improve the {word} of our {business}",
    "{word_title} for {a_business}",
    "Senior {Skill} help with our {word}",
    "Quick {Skill} fix on an existing {word}",
    "Long-term {Skill} partner for a growing {business}",
]

DESCRIPTION_SENTENCES = [
    "We are {a_business} looking for someone to help with our {word}.",
    "The current {word} was built a few years ago and needs care from someone who knows {Skill} well.",
    "You will work with our team to plan, build and ship the {word} in small steps.",
    "Experience with {Skill} and {Skill2} is important; we value clear communication and tidy work.",
    "Please describe a similar {word} you delivered and how you would approach ours.",
    "We already have designs and a rough plan; we need an experienced pair of hands.",
    "The work includes testing, documentation and a short handover at the end.",
    "Our customers are mostly on phones, so the result must work well on small screens.",
    "We prefer weekly milestones and a short progress note each week through the platform.",
    "This could become a long-term collaboration if the first milestone goes well.",
    "Tell us which parts of the {word} you find most interesting and what you would change first.",
    "Good knowledge of {Skill} is a must; {Skill2} is a plus.",
    "We expect the first version to take a few weeks, followed by smaller improvements.",
    "Accessibility and performance matter to us as much as looks.",
]

COVER_LETTERS = [
    "I have delivered several similar projects and would start by reviewing what you already have, then "
    "propose a plan with weekly milestones. Happy to answer questions here on the platform.",
    "This is right in my area. I would split the work into two milestones: a first working version and a "
    "polishing round after your feedback. I write tests and short documentation as I go.",
    "I enjoy projects like this one. My approach: a short discovery call through the platform chat, a clear "
    "scope, then steady progress with updates every few days.",
    "I have worked with businesses like yours before and understand what your customers need. I can start "
    "this week and keep you updated through the platform messages.",
]

# Demo jobs: (client index, category slug, title, description, skills, budget type, min $, max $, experience,
#             status, visibility)
DEMO_JOBS = [
    (0, "web-development", "Django developer for a class booking system",
     "We run a yoga studio and want customers to book classes online, pay through the platform and get "
     "reminders. The site is built with Django and needs a booking module, an admin view for teachers and "
     "tidy tests. Experience with Django and PostgreSQL is important.",
     ["django", "python", "postgresql"], "fixed", 1500, 2500, "intermediate", "open", "public"),
    (0, "design", "Friendly logo and colour palette for a yoga studio",
     "We are rebranding our studio and need a calm, friendly logo plus a small colour palette and typography "
     "suggestions. Please show similar identity work in your proposal.",
     ["logo-design", "figma"], "fixed", 400, 800, "entry", "open", "public"),
    (0, "writing", "Blog posts about mindful movement",
     "We need four blog posts a month about yoga, breathing and mindful movement for beginners. Friendly tone, "
     "well researched, optimised for search.",
     ["copywriting", "seo"], "hourly", 25, 40, "intermediate", "open", "public"),
    (0, "web-development", "Migrate our studio website to a faster host",
     "Our small website is slow. We want it moved to a modern setup with automatic backups and monitoring.",
     ["docker", "aws"], "fixed", 600, 900, "intermediate", "closed", "public"),
    (0, "mobile-apps", "Flutter app for class schedules and check-in",
     "A simple mobile app where members see the schedule, book a spot and check in with a QR code at the door. "
     "Our Django backend already has a REST API.",
     ["flutter", "rest-apis"], "fixed", 4000, 7000, "expert", "draft", "public"),
    (1, "data-analytics", "Sales dashboard for a coffee roaster",
     "We sell coffee online and to cafes. We want a dashboard that combines our shop orders and wholesale "
     "invoices and shows weekly trends, top products and customer segments.",
     ["python", "data-analysis", "postgresql"], "fixed", 2000, 3500, "intermediate", "open", "public"),
    (1, "marketing", "SEO audit and product descriptions for our online shop",
     "Our Shopify store has around eighty products with thin descriptions. We need an SEO audit, keyword "
     "research and rewritten product descriptions.",
     ["seo", "copywriting", "shopify"], "fixed", 800, 1200, "intermediate", "open", "public"),
    (1, "devops-cloud", "Set up CI and automated deployments",
     "Our developers deploy by hand. We want a CI pipeline that runs tests, builds Docker images and deploys "
     "to our cloud account with one click, plus basic monitoring.",
     ["docker", "aws"], "hourly", 60, 90, "expert", "open", "public"),
    (1, "web-development", "React front end for our wholesale ordering portal",
     "Cafes order beans from us by email today. We want a small ordering portal: product list, cart, order "
     "history. The REST API exists; we need the React front end.",
     ["react", "typescript", "rest-apis"], "fixed", 3000, 5000, "expert", "open", "invite_only"),
    (1, "design", "Packaging design for three seasonal blends",
     "Labels and bag designs for three limited seasonal coffees, matching our existing brand.",
     ["logo-design", "figma"], "fixed", 700, 700, "intermediate", "filled", "public"),
    (2, "web-development", "Patient intake forms for a dental clinic",
     "We want patients to fill in intake forms online before their visit. Forms must be accessible, work on "
     "phones and store answers securely in our existing Django system.",
     ["django", "python"], "fixed", 1200, 1800, "intermediate", "open", "public"),
    (2, "writing", "Plain-language guides for dental treatments",
     "Ten short guides explaining common treatments in plain language for patients, reviewed by our dentists.",
     ["copywriting", "technical-writing"], "fixed", 500, 900, "entry", "open", "public"),
    (2, "mobile-apps", "Appointment reminders in our iOS and Android app",
     "Add push notification reminders to our existing mobile app, with a settings screen to opt out.",
     ["ios", "android", "flutter"], "hourly", 45, 70, "expert", "open", "public"),
    (2, "data-analytics", "Forecast appointment demand",
     "We want a simple forecast model for appointment demand per week so we can plan staff better.",
     ["python", "machine-learning", "data-analysis"], "fixed", 1500, 2500, "expert", "open", "public"),
    (2, "design", "UX research for our patient portal",
     "Interview a handful of patients, map the pain points of our portal and propose improvements with "
     "wireframes.",
     ["ux-research", "figma"], "fixed", 1800, 2600, "intermediate", "open", "public"),
    (2, "marketing", "Local SEO for three clinic locations",
     "Improve our visibility in local search for three locations: listings, pages per location, reviews plan.",
     ["seo"], "fixed", 600, 1000, "entry", "draft", "public"),
    (0, "web-development", "Accessibility review of our booking pages",
     "Review our booking pages for accessibility issues and fix what you find, with notes for our team.",
     ["javascript", "react"], "hourly", 40, 65, "intermediate", "open", "public"),
    (1, "writing", "Newsletter writer for coffee lovers",
     "A monthly newsletter about origins, brewing tips and our new releases. Warm, curious tone.",
     ["copywriting"], "hourly", 30, 45, "entry", "open", "public"),
    (2, "devops-cloud", "Nightly backups and restore drill",
     "Set up nightly encrypted backups of our database and files, and document a restore drill.",
     ["postgresql", "aws", "docker"], "fixed", 500, 800, "intermediate", "open", "public"),
    (0, "data-analytics", "Member retention analysis",
     "Analyse two years of membership data to understand who stays, who leaves and why.",
     ["data-analysis", "python"], "fixed", 900, 1400, "intermediate", "open", "public"),
    (1, "mobile-apps", "Loyalty card app for our cafe customers",
     "A lightweight app where customers collect stamps and see offers. Needs an admin screen for staff.",
     ["flutter", "android", "ios"], "fixed", 5000, 8000, "expert", "open", "public"),
    (2, "web-development", "WordPress site refresh for our clinic",
     "Refresh our WordPress theme, speed up the pages and make the team page easy to edit.",
     ["wordpress", "javascript"], "fixed", 800, 1300, "entry", "open", "public"),
    (0, "marketing", "Social media calendar for spring classes",
     "Plan three months of posts announcing our spring classes and workshops, with captions.",
     ["copywriting", "seo"], "fixed", 350, 600, "entry", "open", "public"),
    (1, "web-development", "Subscription checkout for coffee deliveries",
     "Customers should be able to subscribe to a monthly coffee delivery, pause and change blends.",
     ["django", "rest-apis", "postgresql"], "fixed", 2500, 4000, "expert", "open", "public"),
    (2, "design", "Icon set for our patient app",
     "Twenty friendly icons for treatments and app features, delivered as SVG in two sizes.",
     ["figma", "logo-design"], "fixed", 450, 650, "intermediate", "closed", "public"),
    (0, "devops-cloud", "Move our Django app into Docker",
     "Containerise our Django application and database for local development and production.",
     ["docker", "django", "postgresql"], "hourly", 55, 80, "intermediate", "open", "public"),
    (1, "data-analytics", "Clean and merge our customer lists",
     "We have three customer spreadsheets with duplicates. Merge them into one clean list with a short report.",
     ["data-analysis", "python"], "fixed", 300, 500, "entry", "open", "public"),
    (2, "writing", "Technical documentation for our booking API",
     "Write clear reference and getting-started docs for our internal booking API.",
     ["technical-writing", "rest-apis"], "fixed", 900, 1500, "intermediate", "open", "invite_only"),
    (0, "design", "Landing page design for a workshop series",
     "Design a landing page for a series of weekend workshops, desktop and mobile, in Figma.",
     ["figma", "ux-research"], "fixed", 600, 900, "intermediate", "open", "public"),
    (1, "devops-cloud", "Cloud cost review",
     "Review our cloud bill and set up the changes that cut cost without hurting reliability.",
     ["aws"], "hourly", 70, 110, "expert", "filled", "public"),
]
