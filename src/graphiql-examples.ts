// The document GraphiQL opens with: runnable examples over the sample corpus.
export const exampleQueries = `# crosscheck: how documents describe the same person or event, who says so, and on whose authority.
# Pick an operation and press ▶. Everything below runs on the sample corpus (seeds/).

# 1. The library: documents with their publishers and how much each one says.
query Documents {
  documents(first: 10, orderBy: { field: TITLE }) {
    totalCount
    edges {
      node {
        id
        title
        publisher { name }
        published { text year month day precision }
        mentions(first: 1) { totalCount }
        claims(first: 1) { totalCount }
        citations(first: 1) { totalCount }
      }
    }
  }
}

# 2. One person: every document that mentions him, and what each says about him.
query WhatDocumentsSayAboutRaisi {
  persons(first: 1, filter: { name: "Raisi" }) {
    edges {
      node {
        name
        aliases
        documents(first: 10) { totalCount edges { node { title publisher { name } } } }
        claims(first: 50) {
          edges {
            node {
              property
              valueText
              modality
              asserter { name }          # an entity the document attributes the value to
              asserterDescription        # or an unnamed source in its words ("officials"); both null: its own voice
              document { title }
              span { exact start end }   # body.slice(start, end) === exact
            }
          }
        }
      }
    }
  }
}

# 3. The 1988 massacre's death toll as each document states it, and on whose authority.
query DeathTollClaims {
  events(first: 1, filter: { name: "1988 massacre" }) {
    edges {
      node {
        name
        claims(first: 50, filter: { property: "deathToll" }) {
          edges {
            node {
              valueText
              modality                   # ASSERTS, REPORTS, ESTIMATES, SPECULATES (hedged) or DENIES
              asserter { name }
              asserterDescription
              citationChain { kind source { ... on Person { name } ... on Organisation { name } } }
              document { title publisher { name } }
            }
          }
        }
      }
    }
  }
}

# 4. The citations of one document, with their sources and the works they refer to.
query CitationsOfADocument {
  documents(first: 1, orderBy: { field: TITLE, direction: DESC }) {
    edges {
      node {
        title
        citations(first: 50) {
          edges {
            node {
              kind
              span { exact }
              source { __typename ... on Person { name } ... on Organisation { name } ... on Document { title } }
              parent { source { ... on Person { name } ... on Organisation { name } } }
              work { kind title date { year month day } }
            }
          }
        }
      }
    }
  }
}

# 5. Curation needs a token with a role on the collection. Create one with
#      npm run --silent cli -- token create --collection sample --role EDITOR
#    and add it in the Headers tab: { "Authorization": "Bearer cc_…" }. Without it the answer is a
#    ForbiddenError, and nothing changes. Every write is recorded (see \`history\` and \`changes\`).
mutation AddAPerson {
  createPerson(input: { name: "Geoffrey Robertson", aliases: [{ name: "Robertson" }], description: "Lawyer; named here only as an example." }) {
    __typename
    ... on CreatePersonPayload { person { id name aliases history(first: 1) { edges { node { operation actor createdAt } } } } }
    ... on Error { message }
    ... on ValidationError { issues { path message } }
  }
}
`;
