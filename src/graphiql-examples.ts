// The document GraphiQL opens with: runnable examples over the sample corpus.
export const exampleQueries = `# crosscheck: how documents describe the same person or event, and on whose authority.
# Run one of the operations below with the ▶ button.

query Documents {
  documents(first: 10) {
    totalCount
    edges {
      node {
        id
        title
        publisher { name }
        published { text year month day }
        mentions(first: 5) { totalCount edges { node { span { exact start end } entity { name } } } }
      }
    }
  }
}

query WhatDocumentsSayAboutTheMassacre {
  events(first: 5) {
    edges {
      node {
        name
        aliases
        claims(first: 50) {
          edges {
            node {
              property
              valueText
              modality
              asserter { name }
              document { title }
              span { exact start end }
            }
          }
        }
      }
    }
  }
}

query CitationsAndTheirSources {
  citations(first: 20) {
    edges {
      node {
        kind
        span { exact }
        source { __typename ... on Person { name } ... on Organisation { name } ... on Document { title } }
        parent { source { ... on Person { name } } }
        work { kind title }
      }
    }
  }
}
`;
