// Typed operations over the crosscheck API: each is named (servers log, persisted-query tools and
// codegen key on the name) and checked against schema.graphql by the TypeScript compiler.
import { graphql } from './graphql.js';

/** One page of the library in title order; pass `pageInfo.endCursor` as `after` for the next. */
export const DocumentsPage = graphql(`
  query DocumentsPage($first: Int!, $after: String) {
    documents(first: $first, after: $after, orderBy: { field: TITLE }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          title
          language
          published { text year }
          publisher { name }
          claims(first: 1) { totalCount }
        }
      }
    }
  }
`);

/** Events by name, to find the id `compare` and `describe` take. */
export const FindEvents = graphql(`
  query FindEvents($name: String!) {
    events(first: 5, filter: { name: $name }) {
      edges { node { id name comparisons { property documentCount } } }
    }
  }
`);

/** What documents say about one property of a subject, and how many independent origins say it. */
export const Compare = graphql(`
  query Compare($subject: ID!, $property: String!) {
    compare(subject: $subject, property: $property) {
      property
      summary
      relations { a b relation reason }
      clusters { valueTexts lower upper documentCount independentOriginCount origins { name kind } }
      claims(first: 100) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges {
          node {
            claim { id }
            valueText
            modality
            asserter { name }
            origin { name kind }
            document { title }
            span { exact start end }
          }
        }
      }
    }
  }
`);

/** Per document, every mention, claim and citation about a subject, in reading order. */
export const Describe = graphql(`
  query Describe($subject: ID!) {
    describe(subject: $subject) {
      subject { __typename id name }
      documents {
        document { id title }
        mentions { id span { exact start end } }
        claims { id property valueText modality asserter { name } }
        citations { id kind span { exact } }
      }
    }
  }
`);

/** Full-text search over documents, entities and claims, with highlights and facets. */
export const Search = graphql(`
  query Search($query: String!, $types: [SearchType!], $first: Int!, $after: String) {
    search(query: $query, types: $types, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      facets { types { type count } }
      edges {
        score
        type
        matchedName
        highlights { field start end text }
        node {
          __typename
          ... on Document { id title }
          ... on Person { id name }
          ... on Organisation { id name }
          ... on Event { id name }
          ... on Claim { id property valueText document { title } }
        }
      }
    }
  }
`);

/** Needs a token with the editor role on a collection; the answer is the payload or a typed error. */
export const CreatePerson = graphql(`
  mutation CreatePerson($input: CreatePersonInput!) {
    createPerson(input: $input) {
      __typename
      ... on CreatePersonPayload { person { id name aliases } }
      ... on ValidationError { message issues { path message } }
      ... on Error { message }
    }
  }
`);
